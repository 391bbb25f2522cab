package io.sparkrl.spark.cli;

import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.config.TrainSettingsResolver;
import io.sparkrl.spark.job.TrainJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Spark session every sparkrl command runs in: the embedded {@code local[*]} unless {@code
 * spark-submit} or {@code --master} set a master, with sparkrl's serialiser and scheduling defaults
 * (each only where the user set nothing).
 */
final class SparkSessions {

  private SparkSessions() {}

  /**
   * Resolves the training settings from the config file, the {@code --set}s and the Spark
   * configuration ({@code spark.sparkrl.*}), refuses what the distributed job does not implement,
   * and applies the settings' Spark defaults and thread counts to {@code conf}.
   */
  static TrainSettings resolveTraining(SparkConf conf, Path config, List<String> sets) {
    Map<String, String> sparkEntries = new LinkedHashMap<>();
    for (Tuple2<String, String> e : conf.getAll()) {
      sparkEntries.put(e._1(), e._2());
    }
    TrainSettings settings = TrainSettingsResolver.resolve(config, sparkEntries, sets);
    TrainJob.requireSupported(settings.config());
    settings.applySparkDefaults(conf);
    // One task per core: each task's BLAS gets omp_threads_per_task threads, in local mode (tasks
    // in this JVM) and on executors (their OpenMP pool is sized from the variable at start).
    int threads = settings.job().ompThreadsPerTask();
    NativeThreads.limit(threads);
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(threads));
    return settings;
  }

  static SparkSession start(SparkConf conf, String master, String appName) {
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(TrainCommand.DEFAULT_MASTER);
    }
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", SparkrlKryoRegistrator.REGISTRATORS);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // A group's barrier tasks launch only together: waiting for a busy preferred executor (3 s by
    // default) would hold up the whole group, while its slices are small to fetch from elsewhere.
    conf.setIfMissing("spark.locality.wait", "0s");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * Stops the session and forgets it as this thread's active and the JVM's default session, so a
   * later command in the same JVM (an embedding application, a test) starts from none; Spark clears
   * the default only from its listener bus, later.
   */
  static void stop(SparkSession spark) {
    try {
      spark.stop();
    } finally {
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}

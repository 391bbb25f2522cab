package io.sparkrl.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.config.TrainSettingsResolver;
import io.sparkrl.spark.provenance.RunRecorder;
import io.sparkrl.spark.provenance.RunStatus;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole training run with its output on a real HDFS ({@link MiniDFSCluster}). */
class TrainOnHdfsTest extends SparkTestBase {

  @TempDir static Path base;
  private static MiniDFSCluster cluster;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
      cluster = null;
    }
  }

  @Test
  void trainsIntoHdfsAndTheModelLoadsBackFromThere() throws IOException {
    Path data = CartPoleFixtures.writeParquet(base.resolve("data"), 40);
    String out = cluster.getFileSystem().getUri() + "/runs/cartpole";
    var settings =
        TrainSettingsResolver.resolve(
            """
            {"encoder_params": {"hidden_units": [16]}, "batch_size": 256,
             "batch_size_per_update": 64, "n_critic_updates": 4, "n_actor_updates": 4,
             "n_epochs": 2, "job": {"workers": 2, "worker_batch_size": 32}}
            """,
            "test config",
            Map.of(),
            List.of());
    TrainResult result =
        new TrainJob(
                spark,
                settings,
                new TrainRequest(data.toString(), out, false, null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run();

    assertThat(result.runDirectory()).startsWith("hdfs://");
    HadoopRunStorage hdfs = new HadoopRunStorage(cluster.getConfiguration(0));
    assertThat(hdfs.list(out))
        .contains(
            "params.json",
            "run.json",
            "critic_loss.csv",
            "model_0.zip",
            "model_1.zip",
            "policy.onnx",
            "policy.zip",
            "report.html",
            "_SUCCESS");
    RunRecorder recorder = new RunRecorder(hdfs, out);
    assertThat(recorder.isComplete()).isTrue();
    assertThat(recorder.read().status()).isEqualTo(RunStatus.SUCCEEDED);

    String params;
    try (InputStream in = hdfs.open(hdfs.resolve(out, "params.json"))) {
      params = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    DiscreteAWR model = DiscreteAWR.fromJsonText(params, GpuSetting.DISABLED);
    model.loadModel(hdfs, hdfs.resolve(out, "model_1.zip"));
    float[] obs = {0.02f, 0.1f, -0.03f, -0.2f};
    assertThat(model.predictValue(obs, 1)[0]).isFinite();
    assertThat(model.predict(obs, 1)[0]).isBetween(0, 1);
  }
}

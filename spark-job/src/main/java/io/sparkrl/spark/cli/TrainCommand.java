package io.sparkrl.spark.cli;

import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.job.TrainJob;
import io.sparkrl.spark.job.TrainRequest;
import io.sparkrl.spark.job.TrainResult;
import io.sparkrl.spark.provenance.Redaction;
import io.sparkrl.spark.report.TrainingReport;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkrl train}: resolves the settings (an unknown key, a bad value or a setting the
 * distributed job does not implement, such as {@code dynamics}, stops here, before Spark starts),
 * starts or joins the Spark session (embedded {@code local[*]} unless {@code spark-submit} or
 * {@code --master} set a master), runs a {@link TrainJob} and prints where the run went, with
 * credentials redacted ({@link Redaction}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train DiscreteAWR on a Parquet episode dataset with Spark.")
public final class TrainCommand implements Callable<Integer>, RedactingCommand {

  /** The master when neither spark-submit nor --master sets one. */
  public static final String DEFAULT_MASTER = "local[*]";

  @Mixin SettingsOptions settingsOptions;

  @Mixin DataOptions data;

  @Option(names = "--output", required = true, description = "Run directory URI to create.")
  String output;

  @Option(
      names = "--help-config",
      help = true,
      description = "List every hyperparameter and job setting: type, default, rule, meaning.")
  boolean helpConfig;

  @Spec CommandSpec spec;

  @Option(names = "--resume", description = "Continue the run in --output from its last model.")
  boolean resume;

  @Option(
      names = "--allow-changes",
      description =
          "With --resume: continue even though the dataset, hyperparameters or model-deciding"
              + " job settings differ from the run's run.json (the result then differs from an"
              + " uninterrupted run).")
  boolean allowChanges;

  @Option(names = "--init-model", description = "Start from this model_<epoch>.zip.")
  String initModel;

  @Option(names = "--master", description = "Spark master for the embedded mode.")
  String master;

  private Redaction redaction;

  @Override
  public Redaction redaction() {
    return redaction;
  }

  @Override
  public Integer call() throws Exception {
    if (helpConfig) {
      ConfigHelp.print(spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    SparkConf conf = new SparkConf();
    redaction = Redaction.of(conf);
    TrainSettings settings = settingsOptions.resolve(conf);
    redaction = Redaction.of(conf);
    SparkSession spark = SparkSessions.start(conf, master, "sparkrl train");
    try {
      TrainResult result =
          new TrainJob(
                  spark,
                  settings,
                  new TrainRequest(
                      data.uris(),
                      data.window(),
                      data.ledger(),
                      output,
                      resume,
                      initModel,
                      allowChanges),
                  System.err)
              .run();
      String runDirectory = redaction.text(result.runDirectory());
      System.out.println("run directory: " + runDirectory);
      System.out.println("report: " + runDirectory + "/" + TrainingReport.REPORT_FILE);
      result
          .lastMetrics()
          .forEach((k, v) -> System.out.println(k + ": " + String.format("%.4f", v)));
      return ExitCodes.OK;
    } finally {
      SparkSessions.stop(spark);
    }
  }
}

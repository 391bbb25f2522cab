package io.sparkrl.spark.cli;

import io.sparkrl.core.ope.Estimator;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.provenance.Redaction;
import io.sparkrl.spark.retrain.RetrainGate;
import io.sparkrl.spark.retrain.RetrainJob;
import io.sparkrl.spark.retrain.RetrainOutcome;
import io.sparkrl.spark.retrain.RetrainRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkrl retrain}: one scheduled retrain of a registered model ({@link RetrainJob}). Exit
 * codes for a scheduler: 0 the challenger was published (or an identical retrain had published it),
 * 3 the champion was kept, 4 another retrain of the name holds its lease, 2 bad input, 1 any other
 * failure.
 */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    description = {
      "Train a challenger, evaluate it against the registry's champion on held-out data, and"
          + " publish it only if it passes the gate.",
      "Exit codes: 0 published, 3 champion kept, 4 locked by another retrain, 2 bad input,"
          + " 1 failure."
    })
public final class RetrainCommand implements Callable<Integer>, RedactingCommand {

  @Option(names = "--registry", required = true, description = "Model registry URI.")
  String registry;

  @Option(names = "--name", required = true, description = "The model's name in the registry.")
  String name;

  @Mixin DataOptions data;

  @Option(
      names = "--eval-data",
      required = true,
      description = "Held-out recent episodes both models are evaluated on (not trained on).")
  String evalData;

  @Option(
      names = "--runs",
      required = true,
      description = "Folder for the challenger's run directory (<name>-<key>).")
  String runs;

  @Mixin SettingsOptions settingsOptions;

  @Option(names = "--no-warm-start", description = "Train the challenger from scratch.")
  boolean noWarmStart;

  @Mixin EstimatorOptions evaluation;

  @Option(
      names = "--gate-estimator",
      description =
          "The estimator the gate reads (default: pdis if listed, else the first). Importance"
              + " sampling errs towards keeping the champion; FQE and DR can overrate a policy"
              + " the data barely covers (docs/benchmarks.md).")
  String gateEstimator;

  @Option(
      names = "--margin",
      defaultValue = "0",
      description =
          "Publish only if the challenger's lower bound >= champion's estimate + margin"
              + " (default ${DEFAULT-VALUE}).")
  double margin;

  @Option(names = "--master", description = "Spark master for the embedded mode.")
  String master;

  @Spec CommandSpec spec;

  private Redaction redaction;

  @Override
  public Redaction redaction() {
    return redaction;
  }

  @Override
  public Integer call() throws Exception {
    SparkConf conf = new SparkConf();
    redaction = Redaction.of(conf);
    List<Estimator> list = evaluation.estimators();
    Estimator gateOn =
        gateEstimator != null
            ? Estimator.parse(gateEstimator)
            : list.contains(Estimator.PDIS) ? Estimator.PDIS : list.get(0);
    TrainSettings settings = settingsOptions.resolve(conf);
    RetrainRequest request =
        new RetrainRequest(
            registry,
            name,
            data.uris(),
            data.window(),
            data.ledger(),
            evalData,
            runs,
            !noWarmStart,
            list,
            new RetrainGate(gateOn, margin),
            evaluation.gamma(),
            evaluation.target(),
            evaluation.bootstrap(settings.job().seed()),
            evaluation.fqeSteps());
    redaction = Redaction.of(conf);
    SparkSession spark = SparkSessions.start(conf, master, "sparkrl retrain");
    try {
      RetrainOutcome outcome = new RetrainJob(spark, settings, request, System.err).run();
      String version = outcome.version() == null ? "none" : "v" + outcome.version();
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          (outcome.published() ? "published: " : "champion kept: ")
              + version
              + (outcome.repeated() ? " (already decided by an identical retrain)" : ""));
      out.println("reason: " + redaction.text(outcome.reason()));
      if (outcome.report() != null) {
        out.println("report: " + redaction.text(outcome.report()));
      }
      out.flush();
      return outcome.exitCode();
    } finally {
      SparkSessions.stop(spark);
    }
  }
}

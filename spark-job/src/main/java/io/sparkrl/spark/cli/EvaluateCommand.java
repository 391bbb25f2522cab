package io.sparkrl.spark.cli;

import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.ope.BootstrapIntervals.Interval;
import io.sparkrl.spark.ope.EvaluationRequest;
import io.sparkrl.spark.ope.EvaluationResult;
import io.sparkrl.spark.ope.SparkEvaluation;
import io.sparkrl.spark.ope.SparkFqe;
import io.sparkrl.spark.provenance.Redaction;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkrl evaluate}: off-policy evaluation of a saved model on a logged dataset, distributed
 * on Spark ({@link SparkEvaluation}). Prints one line per estimator (value and bootstrap interval),
 * or with {@code --json} one JSON object.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Estimate a saved model's policy value from logged episodes (off-policy).")
public final class EvaluateCommand implements Callable<Integer>, RedactingCommand {

  @Option(names = "--model", required = true, description = "A model_<epoch>.zip archive URI.")
  String model;

  @Option(names = "--data", required = true, description = "Parquet episode dataset URI.")
  String data;

  @Mixin EstimatorOptions evaluation;

  @Option(names = "--seed", defaultValue = "0", description = "Bootstrap and FQE seed.")
  long seed;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

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
    EvaluationRequest request =
        new EvaluationRequest(
            model,
            data,
            evaluation.estimators(),
            evaluation.gamma(),
            evaluation.target(),
            evaluation.bootstrap(seed));
    NativeThreads.limit(1);
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
    SparkSession spark = SparkSessions.start(conf, master, "sparkrl evaluate");
    try {
      EvaluationResult result =
          new SparkEvaluation(spark, new SparkFqe(evaluation.fqeSteps(), seed)).run(request);
      print(result, spec.commandLine().getOut());
      return ExitCodes.OK;
    } finally {
      SparkSessions.stop(spark);
    }
  }

  private void print(EvaluationResult result, PrintWriter out) {
    if (json) {
      out.println(redaction.text(result.toJson().toString()));
    } else {
      out.println(table(result, redaction));
    }
    out.flush();
  }

  /** The human-readable result: what was evaluated, then one row per estimator. */
  static String table(EvaluationResult result, Redaction redaction) {
    StringBuilder s = new StringBuilder();
    s.append("model:    ").append(redaction.text(result.model())).append('\n');
    s.append("data:     ").append(redaction.text(result.data())).append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "episodes: %d (%d transitions), gamma %s, %s policy%n",
            result.episodes(),
            result.transitions(),
            result.gamma(),
            result.target()));
    String level = String.format(Locale.ROOT, "%.0f%% interval", 100 * result.level());
    s.append(String.format(Locale.ROOT, "%-10s %14s   %s%n", "estimator", "value", level));
    for (Interval i : result.estimates()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-10s %14.4f   [%.4f, %.4f]%n",
              i.estimator().key(),
              i.value(),
              i.low(),
              i.high()));
    }
    return s.toString().stripTrailing();
  }
}

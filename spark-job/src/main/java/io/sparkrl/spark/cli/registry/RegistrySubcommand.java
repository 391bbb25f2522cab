package io.sparkrl.spark.cli.registry;

import io.sparkrl.spark.cli.RedactingCommand;
import io.sparkrl.spark.provenance.Redaction;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scala.Tuple2;

/**
 * What every {@code sparkrl registry} subcommand shares: the {@code --registry} option, the Hadoop
 * configuration (site files and the {@code spark.hadoop.*} system properties, no Spark session) and
 * the redaction of what is printed. No {@code --version} option: {@code show} and {@code promote}
 * use it for a model version.
 */
abstract class RegistrySubcommand implements Callable<Integer>, RedactingCommand {

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "URI",
      description = "Model registry URI.")
  String registry;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  private Redaction redaction;

  @Override
  public Redaction redaction() {
    return redaction;
  }

  @Override
  public final Integer call() throws Exception {
    SparkConf conf = new SparkConf();
    redaction = Redaction.of(conf);
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> e : conf.getAllWithPrefix("spark.hadoop.")) {
      hadoop.set(e._1(), e._2());
    }
    HadoopRunStorage storage = new HadoopRunStorage(hadoop);
    if (!storage.exists(registry)) {
      throw new IllegalArgumentException("registry " + registry + " does not exist");
    }
    PrintWriter out = spec.commandLine().getOut();
    int code = run(ModelRegistry.on(storage, registry), out);
    out.flush();
    return code;
  }

  /** Runs the subcommand on an existing registry; returns the exit code. */
  abstract int run(ModelRegistry registry, PrintWriter out) throws IOException;

  /** The text with credentials removed. */
  String redact(String text) {
    return redaction.text(text);
  }
}

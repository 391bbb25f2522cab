package io.sparkrl.spark.cli;

import io.sparkrl.core.SparkrlVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sparkrl version}: sparkrl's version and the stack it runs on. */
@Command(name = "version", description = "Print sparkrl's version and the versions it runs on.")
final class VersionCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("sparkrl " + SparkrlVersion.sparkrl());
    out.println(
        "Spark "
            + org.apache.spark.package$.MODULE$.SPARK_VERSION()
            + " (Scala "
            + scala.util.Properties.versionNumberString()
            + ")");
    out.println("Deeplearning4j / ND4J " + SparkrlVersion.dl4j());
    out.println(
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")");
    out.flush();
    return 0;
  }
}

package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.SparkrlVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SparkrlCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: sparkrl").contains("version");
  }

  @Test
  void versionPrintsTheStack() {
    assertThat(run("version")).isZero();
    assertThat(SparkrlVersion.sparkrl()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(out.toString())
        .contains("sparkrl " + SparkrlVersion.sparkrl())
        .contains("Spark 3.5.9 (Scala 2.12")
        .contains("Deeplearning4j / ND4J 1.0.0-M2.1")
        .contains("Java 17");
  }

  @Test
  void versionOptionPrintsTheVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString().trim()).isEqualTo("sparkrl " + SparkrlVersion.sparkrl());
  }

  @Test
  void anUnknownCommandIsInvalidInputWithExitCode2() {
    assertThat(run("fly")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument").contains("fly");
  }
}

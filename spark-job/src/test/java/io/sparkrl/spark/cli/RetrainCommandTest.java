package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RetrainLease;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkrl retrain}'s exit codes for what stops it before training: bad options (2, before
 * Spark starts) and a lease held by another retrain (4, nothing written). The decisions' codes (0
 * published, 3 kept) are exercised by the retrain scenario tests.
 */
class RetrainCommandTest {

  @TempDir static Path dir;
  static Path data;

  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void dataset() throws Exception {
    data = CartPoleFixtures.writeParquet(dir.resolve("data"), 20);
  }

  private int run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "retrain",
                "--registry",
                dir.resolve("registry").toString(),
                "--name",
                "cartpole",
                "--data",
                data.toString(),
                "--eval-data",
                data.toString(),
                "--runs",
                dir.resolve("runs").toString(),
                "--master",
                "local[1]"));
    args.addAll(List.of(extra));
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void aGateEstimatorThatIsNotEvaluatedIsBadInput() {
    assertThat(run("--estimators", "wis,pdis", "--gate-estimator", "dr"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString())
        .contains("--gate-estimator dr is not among --estimators [wis, pdis]");
  }

  @Test
  void aLeaseHeldByAnotherRetrainExitsFourAndWritesNothing() throws Exception {
    ModelRegistry registry =
        ModelRegistry.on(
            new HadoopRunStorage(Map.<String, String>of()), dir.resolve("registry").toString());
    try (RetrainLease held = RetrainLease.acquire(registry, "cartpole")) {
      assertThat(run()).isEqualTo(ExitCodes.LOCKED);
    }
    assertThat(err.toString())
        .contains("another retrain holds")
        .contains("sparkrl registry break-lock cartpole");
    assertThat(dir.resolve("runs")).doesNotExist();
    try (var files = Files.list(dir.resolve("registry").resolve("cartpole"))) {
      assertThat(files).isEmpty();
    }
  }
}

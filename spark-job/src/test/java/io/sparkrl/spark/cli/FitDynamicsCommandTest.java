package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.dynamics.ProbabilisticEnsembleDynamics;
import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sparkrl fit-dynamics} fits and saves a dynamics model from a Parquet dataset. */
class FitDynamicsCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path cartPole(Path dir) {
    Path data = dir.resolve("cartpole");
    int rc =
        run(
            "dataset",
            "generate",
            "--env",
            "cartpole-v0",
            "--episodes",
            "8",
            "--policy",
            "mixed",
            "--seed",
            "3",
            "--out",
            data.toString(),
            "--quiet");
    assertThat(rc).as(err.toString()).isZero();
    return data;
  }

  @Test
  void fitsAndSavesAModelThatLoads(@TempDir Path dir) throws Exception {
    Path data = cartPole(dir);
    Path model = dir.resolve("dynamics.zip");
    int rc =
        run(
            "fit-dynamics",
            "--data",
            data.toString(),
            "--output",
            model.toString(),
            "--epochs",
            "1",
            "--seed",
            "5",
            "--ensembles",
            "2",
            "--hidden-units",
            "8,8");
    assertThat(rc).as(err.toString()).isZero();
    DatasetManifest manifest = DatasetManifestParser.read(data.resolve(DatasetManifest.FILE_NAME));
    // Every row with a successor: rows minus one per episode, whatever the episode's end.
    long transitions = manifest.rows() - manifest.episodes();
    assertThat(out.toString())
        .contains("dynamics model: " + model)
        .contains("transitions: " + transitions);
    try (ProbabilisticEnsembleDynamics loaded = ProbabilisticEnsembleDynamics.load(model)) {
      assertThat(loaded.trainingTransitions()).isEqualTo(transitions);
      assertThat(loaded.nEnsembles()).isEqualTo(2);
      assertThat(loaded.observationSize()).isEqualTo(4);
      assertThat(loaded.actionSize()).isEqualTo(2);
      assertThat(loaded.options().seed()).isEqualTo(5);
    }
  }

  @Test
  void anExistingOutputOrABadOptionExitsTwo(@TempDir Path dir) {
    Path data = cartPole(dir);
    int rc = run("fit-dynamics", "--data", data.toString(), "--output", data.toString());
    assertThat(rc).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("--output").contains("exists");
    Path model = dir.resolve("m.zip");
    rc =
        run(
            "fit-dynamics",
            "--data",
            data.toString(),
            "--output",
            model.toString(),
            "--epochs",
            "0");
    assertThat(rc).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("n_epochs");
    assertThat(model).doesNotExist();
  }
}

package io.sparkrl.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.config.TrainSettingsResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} of run directories left in the states a killed driver leaves: inputs changed
 * since (refused, each difference named, unless allowed), all epochs checkpointed but the final
 * artifacts missing, a checkpoint past {@code n_epochs}, and the temporary file of a write that
 * never finished.
 */
class TrainResumeTest extends SparkTestBase {

  private static final String CONFIG =
      """
      {"encoder_params": {"hidden_units": [16, 16]}, "batch_size": 256,
       "batch_size_per_update": 64, "n_critic_updates": 4, "n_actor_updates": 4,
       "n_epochs": 3,
       "job": {"workers": 1, "averaging_frequency": 4, "eval_env": null,
               "tensorboard": false}}
      """;

  @TempDir static Path dir;
  private static Path data;
  private static Path complete;

  @BeforeAll
  static void completeRun() throws IOException {
    data = CartPoleFixtures.writeParquet(dir.resolve("data"), 40);
    complete = dir.resolve("complete");
    train(settings(), request(complete, false));
  }

  @Test
  void otherInputsAreRefusedNamingEachDifferenceUnlessAllowed() throws IOException {
    Path run = interrupted("changed");
    assertThatThrownBy(() -> train(settings("job.seed=9"), request(run, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--resume: " + run)
        .hasMessageContaining("job.seed: run.json 0, now 9")
        .hasMessageContaining("--allow-changes");
    assertThatThrownBy(() -> train(settings("critic_learning_rate=0.5"), request(run, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("critic_learning_rate: run.json 1.0E-4, now 0.5");
    Path other = CartPoleFixtures.writeParquet(dir.resolve("other-data"), 41);
    assertThatThrownBy(
            () ->
                train(
                    settings(),
                    new TrainRequest(other.toString(), run.toString(), true, null, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset fingerprint: run.json ");
    // a refused resume leaves the run as it was
    assertThat(run.resolve("model_1.zip")).isRegularFile();
    assertThat(run.resolve("_SUCCESS")).doesNotExist();

    TrainResult allowed =
        train(
            settings("critic_learning_rate=0.5"),
            new TrainRequest(data.toString(), run.toString(), true, null, true));
    assertThat(allowed.epochsTrained()).isEqualTo(1);
    assertThat(run.resolve("_SUCCESS")).isRegularFile();
  }

  @Test
  void aRunKilledAfterItsLastCheckpointOnlyWritesTheFinalArtifacts() throws IOException {
    Path run = copy(complete, "artifacts");
    for (String name : List.of("_SUCCESS", "policy.onnx", "policy.zip", "report.html")) {
      Files.delete(run.resolve(name));
    }
    Path unfinished = run.resolve(".policy.onnx.0b9c4d2e.tmp");
    Files.write(unfinished, new byte[] {1, 2, 3});
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    TrainResult resumed = train(settings(), request(run, true), console);

    assertThat(resumed.epochsTrained()).isZero();
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("removed 1 unfinished write(s)")
        .doesNotContain("sparkrl: epoch ");
    assertThat(unfinished).doesNotExist();
    assertThat(Files.readAllBytes(run.resolve("model_2.zip")))
        .isEqualTo(Files.readAllBytes(complete.resolve("model_2.zip")));
    assertThat(Files.readAllLines(run.resolve("critic_loss.csv")))
        .containsExactlyElementsOf(Files.readAllLines(complete.resolve("critic_loss.csv")));
    for (String name : List.of("_SUCCESS", "policy.onnx", "policy.zip", "report.html")) {
      assertThat(run.resolve(name)).as(name).isRegularFile();
    }
    assertThat(Files.readAllBytes(run.resolve("policy.onnx")))
        .isEqualTo(Files.readAllBytes(complete.resolve("policy.onnx")));
  }

  @Test
  void aCheckpointPastTheLastEpochIsRefused() throws IOException {
    Path run = copy(complete, "past");
    Files.delete(run.resolve("_SUCCESS"));
    assertThatThrownBy(
            () ->
                train(
                    settings("n_epochs=2"),
                    new TrainRequest(data.toString(), run.toString(), true, null, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint model_2.zip, past the last epoch 1 of n_epochs=2");
  }

  /** A copy of the complete run as a driver killed during epoch 2 leaves it. */
  private static Path interrupted(String name) throws IOException {
    Path run = copy(complete, name);
    for (String file :
        List.of("_SUCCESS", "model_2.zip", "policy.onnx", "policy.zip", "report.html")) {
      Files.delete(run.resolve(file));
    }
    return run;
  }

  private static Path copy(Path from, String name) throws IOException {
    Path to = dir.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
    return to;
  }

  private static TrainSettings settings(String... sets) {
    return TrainSettingsResolver.resolve(CONFIG, "test config", Map.of(), List.of(sets));
  }

  private static TrainRequest request(Path out, boolean resume) {
    return new TrainRequest(data.toString(), out.toString(), resume, null);
  }

  private static TrainResult train(TrainSettings settings, TrainRequest request)
      throws IOException {
    return train(settings, request, new ByteArrayOutputStream());
  }

  private static TrainResult train(
      TrainSettings settings, TrainRequest request, ByteArrayOutputStream console)
      throws IOException {
    return new TrainJob(
            spark, settings, request, new PrintStream(console, true, StandardCharsets.UTF_8))
        .run();
  }
}

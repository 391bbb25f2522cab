package io.sparkrl.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.datasets.DatasetManifest;
import io.sparkrl.datasets.DatasetManifestParser;
import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.LearnerStateAssert;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.config.TrainSettingsResolver;
import io.sparkrl.spark.provenance.RunProvenance;
import io.sparkrl.spark.provenance.RunProvenanceParser;
import io.sparkrl.spark.provenance.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole training runs on the shared {@code local[2]} session, into local run directories. */
class TrainJobTest extends SparkTestBase {

  private static final String CONFIG =
      """
      {"encoder_params": {"hidden_units": [16, 16]}, "batch_size": 256,
       "batch_size_per_update": 64, "n_critic_updates": 6, "n_actor_updates": 10,
       "n_epochs": 3,
       "job": {"workers": 1, "averaging_frequency": 5, "returns_every": "2",
               "eval_env": "cartpole-v0", "eval_episodes": 2}}
      """;

  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void dataset() throws IOException {
    data = CartPoleFixtures.writeParquet(dir.resolve("data"), 60);
  }

  private static TrainSettings settings(String... sets) {
    return TrainSettingsResolver.resolve(CONFIG, "test config", Map.of(), List.of(sets));
  }

  private static TrainResult train(TrainSettings settings, TrainRequest request)
      throws IOException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    TrainResult result =
        new TrainJob(
                spark, settings, request, new PrintStream(console, true, StandardCharsets.UTF_8))
            .run();
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("sparkrl: epoch ");
    return result;
  }

  private static DiscreteAWR load(Path model) throws IOException {
    DiscreteAWR m = DiscreteAWR.fromJson(model.resolveSibling("params.json"), GpuSetting.DISABLED);
    m.loadModel(model);
    return m;
  }

  @Test
  void writesACompleteRunDirectoryWithTwoWorkers() throws IOException {
    Path out = dir.resolve("run-two-workers");
    TrainResult result =
        train(
            settings("job.workers=2", "job.worker_batch_size=32"),
            new TrainRequest(data.toString(), out.toString(), false, null));

    assertThat(result.epochsTrained()).isEqualTo(3);
    assertThat(result.lastMetrics())
        .containsKeys("critic_loss", "actor_loss", "weights", "environment");
    for (String f :
        List.of(
            "params.json",
            "run.json",
            "critic_loss.csv",
            "actor_loss.csv",
            "weights.csv",
            "environment.csv",
            "model_0.zip",
            "model_2.zip",
            "policy.onnx",
            "policy.zip",
            "report.html",
            "critic_loss.png",
            "iterations.csv",
            "timing.csv",
            "iterations.png",
            "timing.png",
            "_SUCCESS")) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    try (var events = Files.list(out.resolve("runs"))) {
      assertThat(events.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith("events.out.tfevents.");
    }
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("iterations.png")
        .contains("timing.png")
        .contains("transitions/s");
    List<String> iterations = Files.readAllLines(out.resolve("iterations.csv"));
    List<String> timing = Files.readAllLines(out.resolve("timing.csv"));
    assertThat(timing).hasSize(4);
    int perEpoch = Integer.parseInt(timing.get(1).split(",")[1]);
    assertThat(iterations).hasSize(1 + 3 * perEpoch);
    assertThat(Files.readAllLines(out.resolve("critic_loss.csv"))).hasSize(3);
    RunProvenance run = RunProvenanceParser.fromJson(Files.readString(out.resolve("run.json")));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.validation().episodesAccepted()).isEqualTo(60);
    assertThat(run.tasksPerExecutor()).containsKey("driver");
    assertThat(run.jobSettings()).containsEntry("workers", "2");

    DiscreteAWR model = load(out.resolve("model_2.zip"));
    float[] obs = {0.01f, -0.02f, 0.03f, 0.04f};
    assertThat(model.predict(obs, 1)[0]).isBetween(0, 1);
    assertThat(model.predictValue(obs, 1)[0]).isFinite();
  }

  @Test
  void aResumedRunEndsWithTheSameModelAsAnUninterruptedOne() throws IOException {
    Path whole = dir.resolve("run-whole");
    train(settings(), new TrainRequest(data.toString(), whole.toString(), false, null));

    Path interrupted = dir.resolve("run-interrupted");
    train(settings(), new TrainRequest(data.toString(), interrupted.toString(), false, null));
    // As if the job died after logging epoch 2's metrics but before saving its model.
    Files.delete(interrupted.resolve("model_2.zip"));
    Files.delete(interrupted.resolve("_SUCCESS"));
    Files.delete(interrupted.resolve("policy.onnx"));
    TrainResult resumed =
        train(settings(), new TrainRequest(data.toString(), interrupted.toString(), true, null));

    assertThat(resumed.epochsTrained()).isEqualTo(1);
    assertThat(Files.readAllLines(interrupted.resolve("critic_loss.csv")))
        .containsExactlyElementsOf(Files.readAllLines(whole.resolve("critic_loss.csv")));
    LearnerState expected = load(whole.resolve("model_2.zip")).impl().state();
    LearnerState actual = load(interrupted.resolve("model_2.zip")).impl().state();
    // the epoch order and every worker's random state are functions of the seed and the place in
    // the run, and the checkpoint holds the parameters and momentum exactly
    LearnerStateAssert.assertSameBits(actual, expected);
    assertThat(Files.readAllLines(interrupted.resolve("iterations.csv")))
        .containsExactlyElementsOf(Files.readAllLines(whole.resolve("iterations.csv")));
    assertThat(interrupted.resolve("_SUCCESS")).isRegularFile();
  }

  @Test
  void aHeldOutSliceIsScoredAndNotTrainedOn() throws IOException {
    Path out = dir.resolve("run-holdout");
    TrainResult result =
        train(
            settings(
                "job.holdout_fraction=0.25",
                "job.scorers=td_error,discrete_action_match",
                "n_epochs=1"),
            new TrainRequest(data.toString(), out.toString(), false, null));
    assertThat(result.lastMetrics())
        .containsKeys("td_error", "discrete_action_match", "environment");
    assertThat(out.resolve("td_error.csv")).isRegularFile();
    Path whole = dir.resolve("run-no-holdout");
    train(settings("n_epochs=1"), new TrainRequest(data.toString(), whole.toString(), false, null));
    long heldOutTransitions = transitions(out);
    assertThat(heldOutTransitions).isLessThan(transitions(whole)).isGreaterThan(0);
  }

  @Test
  void trainsOnAnEssentialsOnlyManifestWithNanStatisticsAndFitsTheScalerFromTheRows()
      throws IOException {
    Path essentials = Files.createDirectories(dir.resolve("data-essentials"));
    try (var parts = Files.list(data)) {
      for (Path part : parts.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.copy(part, essentials.resolve(part.getFileName()));
      }
    }
    Files.writeString(
        essentials.resolve(DatasetManifest.FILE_NAME),
        "{\"schema_version\": 1, \"observation_shape\": [4], \"observation_dtype\": \"float32\","
            + " \"action_size\": 2, \"observation_statistics\": {\"mean\": [NaN, NaN, NaN, NaN],"
            + " \"std\": [1, 1, 1, 1], \"min\": [0, 0, 0, 0], \"max\": [1, 1, 1, 1]}}");
    Path out = dir.resolve("run-essentials");

    train(
        settings("n_epochs=1", "scaler=standard"),
        new TrainRequest(essentials.toString(), out.toString(), false, null));

    RunProvenance run = RunProvenanceParser.fromJson(Files.readString(out.resolve("run.json")));
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.validation().episodesAccepted()).isEqualTo(60);
    // The scaler is fitted on the rows; the writer's manifest computed the same means itself.
    DatasetManifest written = DatasetManifestParser.read(data.resolve(DatasetManifest.FILE_NAME));
    double[] fittedMean =
        load(out.resolve("model_0.zip")).config().scaler().params().get("mean").values();
    assertThat(fittedMean).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(fittedMean[i])
          .as("mean of feature %d", i)
          .isCloseTo(written.observationStatistics().mean().get(i), within(1e-9));
    }
  }

  /** Transitions trained per epoch, from the timing file. */
  private static long transitions(Path run) throws IOException {
    return Long.parseLong(Files.readAllLines(run.resolve("timing.csv")).get(1).split(",")[2]);
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i])
          .as("entry %d", i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void initModelWarmStartsFromAnEarlierRun() throws IOException {
    Path first = dir.resolve("run-first");
    train(settings("n_epochs=1"), new TrainRequest(data.toString(), first.toString(), false, null));
    DiscreteAWR earlier = load(first.resolve("model_0.zip"));

    Path warm = dir.resolve("run-warm");
    train(
        settings("n_epochs=1", "critic_learning_rate=1e-12", "actor_learning_rate=1e-12"),
        new TrainRequest(
            data.toString(), warm.toString(), false, first.resolve("model_0.zip").toString()));
    DiscreteAWR continued = load(warm.resolve("model_0.zip"));
    float[] obs = {0.1f, 0.2f, -0.1f, 0.05f};
    // A learning rate of 1e-12 barely moves the parameters: the run starts where the first ended.
    assertThat(continued.predictValue(obs, 1)[0])
        .isCloseTo(earlier.predictValue(obs, 1)[0], org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void aMissingTruncatedOrForeignInitModelIsBadInputAndLeavesNoRunDirectory() throws IOException {
    DiscreteAWR model = new DiscreteAWR(settings().config(), 1);
    model.createImpl(new int[] {4}, 2);
    Path whole = dir.resolve("init-whole.zip");
    model.saveModel(whole);
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated =
        Files.write(
            dir.resolve("init-truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path foreign = Files.writeString(dir.resolve("init-foreign.zip"), "not a zip at all");
    Path missing = dir.resolve("init-missing.zip");
    for (Path init : List.of(missing, truncated, foreign)) {
      Path out = dir.resolve("run-bad-init-" + init.getFileName());
      assertThatThrownBy(
              () ->
                  new TrainJob(
                          spark,
                          settings(),
                          new TrainRequest(data.toString(), out.toString(), false, init.toString()),
                          new PrintStream(
                              new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                      .run())
          .as(init.getFileName().toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--init-model")
          .hasMessageContaining(init.getFileName().toString());
      assertThat(out).as("no run directory for %s", init.getFileName()).doesNotExist();
    }
  }

  @Test
  void refusesToOverwriteARunOrToResumeNothing() throws IOException {
    Path out = Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    assertThatThrownBy(
            () -> train(settings(), new TrainRequest(data.toString(), out.toString(), false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds files");
    Path empty = dir.resolve("nothing-here");
    assertThatThrownBy(
            () ->
                train(settings(), new TrainRequest(data.toString(), empty.toString(), true, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no run to resume");
  }
}

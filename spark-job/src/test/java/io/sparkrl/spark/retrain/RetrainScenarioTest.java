package io.sparkrl.spark.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.core.ope.BootstrapIntervals;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.ope.TargetMode;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.env.BehaviourPolicy;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.config.TrainSettingsResolver;
import io.sparkrl.spark.registry.ModelRegistry;
import io.sparkrl.spark.registry.RegistryDecision;
import io.sparkrl.spark.registry.RegistryDecision.Action;
import io.sparkrl.spark.registry.RegistryLockedException;
import io.sparkrl.spark.registry.RetrainLease;
import io.sparkrl.spark.report.ComparisonReport;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three days of scheduled retraining on the shared {@code local[2]} session, each evaluated on the
 * same trusted held-out slice: day 1 publishes v1, day 2 (more data of the same behaviour)
 * publishes v2, day 3 (a degraded batch: a logging bug replaced every action with the mirrored
 * heuristic's) keeps the champion with exit code 3; reruns decide nothing new; rollback restores
 * v1; a concurrent retrain of the name fails without changing the registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrainScenarioTest extends SparkTestBase {

  private static final String CONFIG =
      """
      {"encoder_params": {"hidden_units": [16, 16]}, "batch_size": 256,
       "batch_size_per_update": 64, "n_critic_updates": 6, "n_actor_updates": 10,
       "n_epochs": 2,
       "job": {"workers": 1, "averaging_frequency": 5, "returns_every": "2",
               "eval_env": "cartpole-v0", "eval_episodes": 3}}
      """;

  private static final String NAME = "cartpole";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path dir;
  static Path day1;
  static Path day2;
  static Path day3;
  static Path eval;
  static Path registryDir;
  static ModelRegistry registry;

  @BeforeAll
  static void data() throws IOException {
    day1 = write("day1", Policies.MIXED, 60, 100);
    day2 = write("day2", Policies.MIXED, 120, 100);
    day3 = degraded("day3", 120, 300);
    eval = write("eval", Policies.MIXED, 60, 900);
    registryDir = dir.resolve("registry");
    registry =
        ModelRegistry.on(new HadoopRunStorage(Map.<String, String>of()), registryDir.toString());
  }

  static Path write(String name, String policy, int episodes, long seed) throws IOException {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    Path folder = dir.resolve(name);
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(folder, ObservationShape.vector(4), 2, true, 2_000)) {
      EpisodeGenerator.generate(
          env, Policies.create(policy, env), episodes, seed, writer, rows -> {});
    }
    return folder;
  }

  /**
   * Episodes of the mixed policy whose logged actions were replaced by the mirrored heuristic's.
   */
  static Path degraded(String name, int episodes, long seed) throws IOException {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    BehaviourPolicy mixed = Policies.create(Policies.MIXED, env);
    BehaviourPolicy poor = Policies.create(Policies.BAD_HEURISTIC, env, 1.0);
    Path folder = dir.resolve(name);
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(folder, ObservationShape.vector(4), 2, false, 2_000)) {
      for (int i = 0; i < episodes; i++) {
        Episode e = EpisodeGenerator.generate(env, mixed, seed + i, "d" + i);
        int[] actions = new int[e.length()];
        float[] probs = new float[e.length()];
        for (int t = 0; t < e.length(); t++) {
          double[] p = poor.probabilities(e.observation(t));
          actions[t] = p[0] >= p[1] ? 0 : 1;
          probs[t] = (float) Math.min(0.99, p[actions[t]]);
        }
        writer.accept(
            Episode.ofVectors(e.id(), 4, e.vectorData(), actions, e.rewards(), probs, e.end()));
      }
    }
    return folder;
  }

  static RetrainRequest request(Path data, Path eval, double margin) {
    return new RetrainRequest(
        registryDir.toString(),
        NAME,
        data.toString(),
        eval.toString(),
        dir.resolve("runs").toString(),
        true,
        Estimator.parseList("wis,pdis,dr,fqe"),
        new RetrainGate(Estimator.PDIS, margin),
        Double.NaN,
        TargetMode.GREEDY,
        new BootstrapIntervals(300, 0.9, 5),
        300);
  }

  static TrainSettings settings() {
    return TrainSettingsResolver.resolve(CONFIG, "test config", Map.of(), List.of());
  }

  static RetrainOutcome retrain(RetrainRequest request) throws IOException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    return new RetrainJob(
            spark, settings(), request, new PrintStream(console, true, StandardCharsets.UTF_8))
        .run();
  }

  /** Checks the comparison report and returns the gate's figures as the history recorded them. */
  static JsonNode evaluationOf(RetrainOutcome outcome) throws IOException {
    Path run = Path.of(java.net.URI.create(outcome.runDirectory()).getPath());
    String report = Files.readString(run.resolve(ComparisonReport.REPORT_FILE));
    assertThat(report).contains(outcome.published() ? "challenger published" : "champion kept");
    assertThat(report).contains("<td>dr</td>").contains("<td>fqe</td>");
    assertThat(run.resolve(ComparisonReport.ESTIMATES_PNG)).isNotEmptyFile();
    List<RegistryDecision> history = registry.history(NAME);
    RegistryDecision last = history.get(history.size() - 1);
    assertThat(last.reason()).isEqualTo(outcome.reason());
    return last.evaluation();
  }

  private static String environment(RetrainOutcome outcome) throws IOException {
    Path run = Path.of(java.net.URI.create(outcome.runDirectory()).getPath());
    String report = Files.readString(run.resolve(ComparisonReport.REPORT_FILE));
    int at = report.indexOf("Mean return");
    return at < 0 ? "" : report.substring(at, Math.min(report.length(), at + 160));
  }

  private static String gateFigures() throws IOException {
    List<RegistryDecision> history = registry.history(NAME);
    return String.valueOf(history.get(history.size() - 1).evaluation());
  }

  @Test
  @Order(1)
  void day1PublishesTheFirstVersionAndARerunPublishesNothing() throws IOException {
    RetrainOutcome first = retrain(request(day1, eval, 0.0));
    assertThat(first.published()).isTrue();
    assertThat(first.repeated()).isFalse();
    assertThat(first.version()).isEqualTo(1);
    assertThat(first.exitCode()).isZero();
    assertThat(first.reason()).contains("no champion");
    assertThat(registry.champion(NAME).orElseThrow().version()).isEqualTo(1);
    JsonNode stored =
        MAPPER.readTree(
            registry
                .storage()
                .read(
                    registry
                        .storage()
                        .resolve(
                            registry.version(NAME, 1).directory(), ModelRegistry.EVALUATION_FILE)));
    assertThat(stored.path("challenger").path("estimates").path("dr").path("value").isNumber())
        .isTrue();
    assertThat(stored.path("environment").path("challenger").isNumber()).isTrue();
    evaluationOf(first);

    RetrainOutcome again = retrain(request(day1, eval, 0.0));
    assertThat(again.repeated()).isTrue();
    assertThat(again.published()).isTrue();
    assertThat(again.version()).isEqualTo(1);
    assertThat(registry.versions(NAME)).hasSize(1);
    assertThat(registry.history(NAME)).hasSize(1);
  }

  @Test
  @Order(2)
  void day2MoreDataOfTheSameBehaviourIsPublishedUnderAPermissiveMargin() throws IOException {
    RetrainOutcome outcome = retrain(request(day2, eval, -1_000.0));
    assertThat(outcome.published()).isTrue();
    assertThat(outcome.version()).isEqualTo(2);
    JsonNode figures = evaluationOf(outcome);
    assertThat(figures.path("challenger_low").asDouble())
        .isGreaterThanOrEqualTo(figures.path("champion_value").asDouble() - 1_000.0);
    assertThat(registry.champion(NAME).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void day3ADegradedBatchKeepsTheChampionWithExitCode3AndARerunKeepsItAgain() throws IOException {
    RetrainOutcome outcome = retrain(request(day3, eval, 0.0));
    assertThat(outcome.published())
        .as(outcome.reason() + " " + gateFigures() + " " + environment(outcome))
        .isFalse();
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.version()).isEqualTo(2);
    JsonNode figures = evaluationOf(outcome);
    assertThat(figures.path("challenger_low").asDouble())
        .isLessThan(figures.path("champion_value").asDouble());
    assertThat(registry.champion(NAME).orElseThrow().version()).isEqualTo(2);
    assertThat(registry.versions(NAME)).hasSize(2);
    List<RegistryDecision> history = registry.history(NAME);
    assertThat(history.get(history.size() - 1).action()).isEqualTo(Action.KEEP);

    RetrainOutcome again = retrain(request(day3, eval, 0.0));
    assertThat(again.repeated()).isTrue();
    assertThat(again.exitCode()).isEqualTo(3);
    assertThat(registry.history(NAME)).hasSize(history.size());
  }

  @Test
  @Order(4)
  void rollbackRestoresV1() throws IOException {
    assertThat(registry.rollback(NAME, "day 2 regressed in production").version()).isEqualTo(1);
    assertThat(registry.champion(NAME).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void ofTwoConcurrentRetrainsOneRunsAndTheOtherFailsWithoutChangingTheRegistry() throws Exception {
    int versions = registry.versions(NAME).size();
    int decisions = registry.history(NAME).size();
    try (RetrainLease held = RetrainLease.acquire(registry, NAME)) {
      assertThatThrownBy(() -> retrain(request(day2, eval, 0.0)))
          .isInstanceOf(RegistryLockedException.class)
          .hasMessageContaining("retrain holds")
          .hasMessageContaining(RetrainLease.LEASE_FILE);
    }
    assertThat(registry.history(NAME)).hasSize(decisions);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<RetrainOutcome>> runs = new ArrayList<>();
    Callable<RetrainOutcome> one = () -> retrain(request(day2, eval, 0.0));
    Callable<RetrainOutcome> other = () -> retrain(request(day1, eval, 5.0));
    runs.add(pool.submit(one));
    runs.add(pool.submit(other));
    pool.shutdown();
    int finished = 0;
    int locked = 0;
    for (Future<RetrainOutcome> f : runs) {
      try {
        f.get();
        finished++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(RegistryLockedException.class);
        locked++;
      }
    }
    assertThat(finished).isEqualTo(1);
    assertThat(locked).isEqualTo(1);
    assertThat(registry.history(NAME)).hasSize(decisions + 1);
    assertThat(registry.versions(NAME).size()).isBetween(versions, versions + 1);
    assertThat(registry.champion(NAME)).isPresent();
  }

  @Test
  @Order(6)
  void aPartitionedDatasetTrainsOnItsWindowValidatesEachPartitionOnceAndARerunDecidesNothing()
      throws Exception {
    Path daily = dir.resolve("daily");
    copy(day1, daily.resolve("date=2026-12-01"));
    copy(day2, daily.resolve("date=2026-12-02"));
    String ledger = dir.resolve("ledger").resolve("validation.json").toString();
    RetrainRequest windowed =
        new RetrainRequest(
            registryDir.toString(),
            "partitioned",
            List.of(daily.toString()),
            1,
            ledger,
            eval.toString(),
            dir.resolve("runs").toString(),
            true,
            Estimator.parseList("pdis"),
            new RetrainGate(Estimator.PDIS, 0.0),
            Double.NaN,
            TargetMode.GREEDY,
            new BootstrapIntervals(100, 0.9, 5),
            10);
    RetrainOutcome first = retrain(windowed);
    assertThat(first.published()).as("a new name publishes v1").isTrue();
    Path run = Path.of(java.net.URI.create(first.runDirectory()).getPath());
    JsonNode partitions =
        MAPPER.readTree(run.resolve("run.json").toFile()).at("/dataset/partitions");
    assertThat(partitions).as("the window's partitions in run.json").hasSize(1);
    assertThat(partitions.get(0).path("name").asText()).isEqualTo("date=2026-12-02");
    String ledgerText = Files.readString(Path.of(ledger));
    assertThat(ledgerText)
        .contains("date=2026-12-02")
        .contains("VALID")
        .doesNotContain("date=2026-12-01");

    RetrainOutcome again = retrain(windowed);
    assertThat(again.repeated()).as("the same partitions and settings decide nothing new").isTrue();
    assertThat(registry.history("partitioned")).hasSize(1);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}

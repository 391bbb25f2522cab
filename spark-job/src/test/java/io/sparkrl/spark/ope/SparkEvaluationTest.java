package io.sparkrl.spark.ope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.ope.BootstrapIntervals;
import io.sparkrl.core.ope.BootstrapIntervals.Interval;
import io.sparkrl.core.ope.EpisodeSummaries;
import io.sparkrl.core.ope.EpisodeSummary;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.core.ope.FittedQEvaluation;
import io.sparkrl.core.ope.FqeConfig;
import io.sparkrl.core.ope.FqeModel;
import io.sparkrl.core.ope.FqeNetworkSpec;
import io.sparkrl.core.ope.FqeTransitions;
import io.sparkrl.core.ope.LocalFqeBackend;
import io.sparkrl.core.ope.ModelTargetPolicy;
import io.sparkrl.core.ope.QFunction;
import io.sparkrl.core.ope.TargetMode;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.data.IndexedEpisodes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SparkEvaluation} on the shared {@code local[2]} session against the same sums in-JVM. */
class SparkEvaluationTest extends SparkTestBase {

  @TempDir static Path dir;
  static List<Episode> episodes;
  static DiscreteAWR model;
  static Path modelFile;
  static Path data;

  @BeforeAll
  static void modelAndData() throws IOException {
    episodes = CartPoleFixtures.episodes(3_000, 5);
    model =
        new DiscreteAWR(
            AwrConfig.builder()
                .encoderParams(new EncoderParams(List.of(16, 16), null, null, ActivationType.RELU))
                .build(),
            11);
    model.createImpl(new int[] {4}, 2);
    modelFile = dir.resolve("model_1.zip");
    try (OutputStream out = Files.newOutputStream(modelFile)) {
      model.saveModel(out);
    }
    data = write(dir.resolve("data"), episodes);
  }

  static Path write(Path folder, List<Episode> list) throws IOException {
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(folder, ObservationShape.vector(4), 2, false, 1_000)) {
      for (Episode e : list) {
        writer.accept(e);
      }
    }
    return folder;
  }

  /** The untrained actor's softmax policy: near-uniform, so every episode keeps some weight. */
  static EvaluationRequest request(String estimators, Path dataset) {
    return new EvaluationRequest(
        modelFile.toString(),
        dataset.toString(),
        Estimator.parseList(estimators),
        0.99,
        TargetMode.SOFTMAX,
        new BootstrapIntervals(200, 0.9, 3));
  }

  static SparkEvaluation evaluation() {
    return new SparkEvaluation(spark, new SparkFqe(200, 1));
  }

  @Test
  void importanceSamplingOnTheExecutorsEqualsTheSameSumsInOneJvm() throws IOException {
    EvaluationResult result = evaluation().run(request("is,wis,pdis,wpdis", data));

    ModelTargetPolicy policy = new ModelTargetPolicy(model, TargetMode.SOFTMAX);
    List<EpisodeSummary> local = new ArrayList<>();
    episodes.stream()
        .sorted(Comparator.comparing(Episode::id))
        .forEach(
            e ->
                local.add(
                    EpisodeSummaries.summarise(e, policy.probabilities(e), null, 0.99, true)));
    BootstrapIntervals bootstrap = new BootstrapIntervals(200, 0.9, 3);
    assertThat(result.episodes()).isEqualTo(episodes.size());
    assertThat(result.estimates()).hasSize(4);
    for (Interval i : result.estimates()) {
      Interval expected = bootstrap.interval(i.estimator(), local);
      assertThat(i).isEqualTo(expected);
      assertThat(i.value()).isFinite().isPositive();
      assertThat(i.low()).isLessThanOrEqualTo(i.value());
      assertThat(i.high()).isGreaterThanOrEqualTo(i.value());
    }
    assertThat(result.gamma()).isEqualTo(0.99);
    assertThat(result.fingerprint()).startsWith("sha256:");
    assertThat(EvaluationResult.fromJson(result.toJson())).isEqualTo(result);
  }

  @Test
  void fqeOnTheExecutorsRunsTheLocalLoopOverTheSamePartitions() throws IOException {
    EvaluationRequest request = request("fqe,dm,dr", data);
    IndexedEpisodes read =
        new io.sparkrl.spark.data.SparkEpisodeSource(spark)
            .read(
                data.toString(),
                io.sparkrl.spark.data.ReadOptions.strict()
                    .withExpectations(ObservationShape.vector(4), 2));
    try {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      byte[] archive = Files.readAllBytes(modelFile);
      QFunction distributed =
          new SparkFqe(150, 4).fit(model, context.broadcast(archive), request, 0.99, read).open();

      ModelTargetPolicy policy = new ModelTargetPolicy(model, TargetMode.SOFTMAX);
      ObservationBatch inputs = model.impl().inputs();
      List<FqeTransitions> shares = new ArrayList<>();
      for (List<io.sparkrl.core.targets.IndexedEpisode> partition :
          read.episodes().glom().collect()) {
        FqeTransitions share = new FqeTransitions(inputs.rowSize(), 2);
        partition.forEach(e -> share.add(e.episode(), inputs, policy.probabilities(e.episode())));
        shares.add(share);
      }
      assertThat(shares).hasSizeGreaterThan(1);
      FqeConfig config = FqeConfig.of(150, 4);
      FqeNetworkSpec spec =
          new FqeNetworkSpec(
              inputs.inputShape(), 2, model.config().encoderParams(), config.learningRate(), 4);
      float[] params =
          FittedQEvaluation.fit(
                  config, spec, new LocalFqeBackend(spec, shares, config.batchSize(), 0.99))
              .params();
      QFunction local = new FqeModel(spec, params, inputs, 0.99).open();
      for (Episode e : episodes.subList(0, 5)) {
        float[] expected = local.qValues(e);
        float[] actual = distributed.qValues(e);
        for (int i = 0; i < expected.length; i++) {
          assertThat((double) actual[i])
              .isCloseTo(expected[i], within(1e-4 * Math.abs(expected[i]) + 1e-5));
        }
      }
    } finally {
      read.unpersist();
    }

    EvaluationResult result = evaluation().run(request);
    Interval fqe = result.estimate(Estimator.FQE).orElseThrow();
    assertThat(fqe.value()).isEqualTo(result.estimate(Estimator.DM).orElseThrow().value());
    assertThat(fqe.value()).isFinite().isPositive();
    assertThat(result.estimate(Estimator.DR).orElseThrow().value()).isFinite();
  }

  @Test
  void aMissingActionProbIsBadInputNamingTheEpisodeAndColumn() throws IOException {
    List<Episode> bare = new ArrayList<>();
    for (Episode e : episodes.subList(0, 5)) {
      bare.add(
          Episode.ofVectors(e.id(), 4, e.vectorData(), e.actions(), e.rewards(), null, e.end()));
    }
    Path noProbs = write(dir.resolve("no-probs"), bare);
    assertThatThrownBy(() -> evaluation().run(request("wis,pdis", noProbs)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(noProbs.toString())
        .hasMessageContaining("column action_prob")
        .hasMessageContaining("[wis, pdis]")
        .hasMessageContaining("--estimators fqe");
  }

  @Test
  void aZeroActionProbIsRejectedByFileEpisodeColumnAndRule() throws IOException {
    Episode first = episodes.get(0);
    float[] probs = new float[first.length()];
    java.util.Arrays.fill(probs, 0.5f);
    probs[2] = 0f;
    Episode zero =
        Episode.ofVectors(
            first.id(),
            4,
            first.vectorData(),
            first.actions(),
            first.rewards(),
            probs,
            first.end());
    Path bad = write(dir.resolve("zero-prob"), List.of(zero, episodes.get(1)));
    assertThatThrownBy(() -> evaluation().run(request("wis", bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("episode " + first.id())
        .hasMessageContaining("step 2")
        .hasMessageContaining("column action_prob")
        .hasMessageContaining("outside (0, 1]");
  }

  @Test
  void aMissingOrForeignModelIsBadInputNamingTheFile() throws IOException {
    Path foreign = dir.resolve("foreign.zip");
    Files.writeString(foreign, "not a zip");
    for (Path model : List.of(dir.resolve("absent.zip"), foreign)) {
      EvaluationRequest r =
          new EvaluationRequest(
              model.toString(),
              data.toString(),
              Estimator.parseList("wis"),
              Double.NaN,
              TargetMode.GREEDY,
              BootstrapIntervals.defaults());
      assertThatThrownBy(() -> evaluation().run(r))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--model " + model);
    }
  }
}

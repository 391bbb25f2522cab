package io.sparkrl.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.FitOptions;
import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.Targets;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.preprocessing.FrameStacker;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.config.TrainSettings;
import io.sparkrl.spark.config.TrainSettingsResolver;
import io.sparkrl.spark.data.EpisodeIdOrder;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.data.ReadOptions;
import io.sparkrl.spark.data.SparkEpisodeSource;
import io.sparkrl.spark.returns.ReturnsStage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image path end to end on Spark: catch frames in Parquet, four stacked frames, the pixel
 * scaler, batch norm and an image augmentation. Stage 1 stacks and scales exactly as {@code fit}
 * does, the job trains with two workers, and the exported ONNX policy, fed the raw stacked frames,
 * picks the model's actions.
 */
class TrainImagesTest extends SparkTestBase {

  private static final String CONFIG =
      """
      {"n_frames": 4, "scaler": "pixel", "use_batch_norm": true,
       "augmentation": [{"type": "random_shift", "params": {"shift_size": 1}}],
       "encoder_params": {"filters": [[8, 3, 1], [16, 3, 2]], "feature_size": 32},
       "batch_size": 64, "batch_size_per_update": 16, "n_critic_updates": 3,
       "n_actor_updates": 10, "actor_learning_rate": 0.01, "n_epochs": 1,
       "job": {"workers": 2, "averaging_frequency": 2, "eval_env": "catch", "eval_episodes": 2}}
      """;
  private static final int[] FRAME = {1, 9, 9};
  private static final int ROW = 4 * 9 * 9;

  @TempDir static Path dir;
  private static Path data;
  private static List<Episode> sorted;

  @BeforeAll
  static void catchEpisodes() throws Exception {
    DiscreteEnv env = Environments.create(Environments.CATCH);
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(
            env, Policies.create(Policies.MIXED, env), 5, 400, Episode::length);
    data = dir.resolve("catch");
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(data, env.observationShape(), 3, true, 120)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    sorted = new ArrayList<>(episodes);
    sorted.sort(Comparator.comparing(Episode::id, EpisodeIdOrder.NUMERIC));
  }

  private static TrainSettings settings() {
    return TrainSettingsResolver.resolve(CONFIG, "test config", Map.of(), List.of());
  }

  @Test
  void stageOneStacksAndScalesTheFramesAsFitDoes(@TempDir Path logs) throws Exception {
    AwrConfig config = settings().config();
    DiscreteAWR trained = new DiscreteAWR(config, 3);
    trained.fit(
        sorted,
        FitOptions.builder()
            .logdir(logs.toString())
            .withTimestamp(false)
            .verbose(false)
            .showProgress(false)
            .tensorboard(false)
            .build());
    AwrLearner learner = trained.impl();
    IndexedEpisodes indexed =
        new SparkEpisodeSource(spark)
            .read(data.toUri().toString(), ReadOptions.strict().withPartitions(3));
    Broadcast<CriticSnapshot> critic =
        ReturnsStage.broadcast(spark, CriticSnapshot.of(learner, FRAME));
    List<TrainingBlock> blocks = ReturnsStage.blocks(indexed, critic, 50).collect();
    critic.destroy();
    indexed.unpersist();

    TransitionIndex index = new TransitionIndex(sorted);
    int[][] all = index.pairs();
    Targets expected = learner.computeTargets(sorted, all);
    float[] observations = learner.inputs().gather(sorted, all);
    assertThat(learner.inputs().rowSize()).isEqualTo(ROW);
    long rows = 0;
    boolean earlierFramesSeen = false;
    for (TrainingBlock block : blocks) {
      for (int r = 0; r < block.size(); r++) {
        int i = (int) block.transitionIndex(r);
        float[] actual = java.util.Arrays.copyOfRange(block.observations(), r * ROW, (r + 1) * ROW);
        float[] wanted = java.util.Arrays.copyOfRange(observations, i * ROW, (i + 1) * ROW);
        assertThat(actual).as("transition %d", i).containsExactly(wanted);
        assertThat(block.returns()[r]).isCloseTo(expected.returns()[i], within(1e-5f));
        assertThat(block.baselines()[r]).isCloseTo(expected.baselines()[i], within(1e-5f));
        earlierFramesSeen |= index.step(i) >= 3 && !allEqual(actual, 0, 81, 243);
      }
      rows += block.size();
    }
    assertThat(rows).isEqualTo(index.size());
    assertThat(earlierFramesSeen).as("stacks hold earlier frames, not copies").isTrue();
    for (float v : observations) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void trainsWithTwoWorkersAndTheOnnxPolicyPicksTheModelsActions() throws Exception {
    Path out = dir.resolve("run");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    TrainResult result =
        new TrainJob(
                spark,
                settings(),
                new TrainRequest(data.toString(), out.toString(), false, null),
                new PrintStream(console, true, StandardCharsets.UTF_8))
            .run();
    assertThat(result.epochsTrained()).isEqualTo(1);
    assertThat(result.lastMetrics().get("critic_loss")).isFinite();
    assertThat(result.lastMetrics()).containsKey("environment");
    assertThat(out.resolve("_SUCCESS")).isRegularFile();

    DiscreteAWR model = DiscreteAWR.fromJson(out.resolve("params.json"), GpuSetting.DISABLED);
    model.loadModel(out.resolve("model_0.zip"));
    float[] raw = new float[countRows() * ROW];
    int n = 0;
    for (Episode e : sorted) {
      for (int t = 0; t < e.length(); t++) {
        FrameStacker.stack(e, t, 4, raw, n++ * ROW);
      }
    }
    int[] jvm = model.predict(raw, n);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session =
            env.createSession(
                Files.readAllBytes(out.resolve(TrainJob.POLICY_ONNX)),
                new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(raw), new long[] {n, 4, 9, 9});
        OrtSession.Result actions =
            session.run(Map.of(session.getInputNames().iterator().next(), input))) {
      long[] onnx = (long[]) actions.get(0).getValue();
      assertThat(onnx).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(onnx[i]).as("row %d", i).isEqualTo(jvm[i]);
      }
    }
    assertThat(java.util.Arrays.stream(jvm).distinct().count())
        .as("a trained policy, not one constant action")
        .isGreaterThan(1);
  }

  private static int countRows() {
    return sorted.stream().mapToInt(Episode::length).sum();
  }

  private static boolean allEqual(float[] row, int... offsets) {
    for (int j = 0; j < 81; j++) {
      for (int o : offsets) {
        if (row[o + j] != row[j]) {
          return false;
        }
      }
    }
    return true;
  }
}

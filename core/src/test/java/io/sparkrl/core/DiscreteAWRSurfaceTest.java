package io.sparkrl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.CartPoleFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistence, parameters and edge cases of {@link DiscreteAWR}. */
class DiscreteAWRSurfaceTest {

  @TempDir Path dir;

  static List<Episode> episodes;
  static DiscreteAWR trained;
  static int[][] batch;

  @BeforeAll
  static void train() throws Exception {
    episodes = CartPoleFixtures.episodes(600, 11);
    trained = new DiscreteAWR(DiscreteAWRTestData.tiny().nEpochs(1).build(), 3);
    trained.fit(episodes, quiet(Files.createTempDirectory("sparkrl-awr")));
    batch = new int[64][];
    for (int i = 0; i < 64; i++) {
      batch[i] = new int[] {i % episodes.size(), i / episodes.size()};
    }
  }

  static FitOptions quiet(Path logdir) {
    return FitOptions.builder()
        .logdir(logdir.toString())
        .verbose(false)
        .showProgress(false)
        .tensorboard(false)
        .build();
  }

  static byte[] saved(DiscreteAWR algo) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    algo.saveModel(out);
    return out.toByteArray();
  }

  @Test
  void saveLoadRoundTripKeepsOutputsAndTheNextUpdate() throws Exception {
    byte[] archive = saved(trained);
    DiscreteAWR copy = new DiscreteAWR(trained.config(), 3);
    copy.createImpl(new int[] {4}, 2);
    copy.loadModel(new ByteArrayInputStream(archive), "archive");
    float[] obs = DiscreteAWRTestData.observations(episodes, 100);
    assertThat(copy.predict(obs, 100)).isEqualTo(trained.predict(obs, 100));
    assertThat(copy.predictValue(obs, 100)).isEqualTo(trained.predictValue(obs, 100));
    assertThat(copy.impl().actor().getUpdater().getStateViewArray())
        .isEqualTo(trained.impl().actor().getUpdater().getStateViewArray());

    // the saved model's own next update (momentum buffers included) is reproduced after loading
    UpdateResult expected = trained.update(episodes, batch);
    UpdateResult actual = copy.update(episodes, batch);
    assertThat(actual).isEqualTo(expected);
    assertThat(copy.predictValue(obs, 100)).isEqualTo(trained.predictValue(obs, 100));
  }

  @Test
  void aModelArchiveAloneRebuildsTheModelWithItsScaler() throws Exception {
    DiscreteAWR copy =
        DiscreteAWR.fromModelArchive(
            saved(trained), "model_1.zip", io.sparkrl.core.config.GpuSetting.DISABLED);
    float[] obs = DiscreteAWRTestData.observations(episodes, 100);
    assertThat(copy.config()).isEqualTo(trained.config());
    assertThat(copy.predict(obs, 100)).isEqualTo(trained.predict(obs, 100));
    assertThat(copy.predictValue(obs, 100)).isEqualTo(trained.predictValue(obs, 100));
    assertThatThrownBy(
            () ->
                DiscreteAWR.fromModelArchive(
                    new byte[] {1, 2, 3}, "x.zip", io.sparkrl.core.config.GpuSetting.DISABLED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.zip");
  }

  @Test
  void archiveHoldsMetadata() throws Exception {
    JsonNode metadata = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(saved(trained)))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals("metadata.json")) {
          metadata = new ObjectMapper().readTree(zip.readAllBytes());
        }
      }
    }
    assertThat(metadata).isNotNull();
    assertThat(metadata.get("format_version").asInt()).isEqualTo(2);
    assertThat(metadata.get("sparkrl_version").asText()).isEqualTo(SparkrlVersion.sparkrl());
    assertThat(metadata.get("created").asText()).isNotBlank();
    assertThat(metadata.get("params").get("scaler").get("type").asText()).isEqualTo("standard");
  }

  @Test
  void newerFormatIsRefused() throws Exception {
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(saved(trained)));
        ZipOutputStream out = new ZipOutputStream(rewritten)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals("metadata.json")) {
          ObjectNode node = (ObjectNode) new ObjectMapper().readTree(bytes);
          node.put("format_version", 3);
          bytes = new ObjectMapper().writeValueAsBytes(node);
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    DiscreteAWR copy = new DiscreteAWR(trained.config(), 3);
    copy.createImpl(new int[] {4}, 2);
    assertThatThrownBy(
            () -> copy.loadModel(new ByteArrayInputStream(rewritten.toByteArray()), "m.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format_version 3")
        .hasMessageContaining("format_version 2");
  }

  @Test
  void loadNeedsNetworksOfTheSameShape() throws Exception {
    byte[] archive = saved(trained);
    DiscreteAWR none = new DiscreteAWR(trained.config(), 3);
    assertThatThrownBy(() -> none.loadModel(new ByteArrayInputStream(archive), "a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("createImpl");
    DiscreteAWR threeActions = new DiscreteAWR(trained.config(), 3);
    threeActions.createImpl(new int[] {4}, 3);
    assertThatThrownBy(() -> threeActions.loadModel(new ByteArrayInputStream(archive), "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action_size");
  }

  @Test
  void getParamsSetParamsRoundTrip() {
    DiscreteAWR algo = new DiscreteAWR(DiscreteAWRTestData.tiny().build());
    Map<String, Object> params = algo.getParams(true);
    assertThat(params.keySet()).containsExactlyElementsOf(AwrConfig.KEYS);
    assertThat(new DiscreteAWR(AwrConfig.defaults()).setParams(params).config())
        .isEqualTo(algo.config());
    assertThat(algo.setParams(Map.of("gamma", 0.5, "n_epochs", 3))).isSameAs(algo);
    assertThat(algo.config().gamma()).isEqualTo(0.5);
    assertThat(algo.getParams(false).get("n_epochs")).isEqualTo(3);
    assertThatThrownBy(() -> algo.setParams(Map.of("learning_rate", 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learning_rate");
    assertThatThrownBy(() -> algo.setParams(Map.of("gamma", 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gamma");
  }

  @Test
  void fewerTransitionsThanBatchSizeMakeNoUpdates() throws Exception {
    List<Episode> few = CartPoleFixtures.episodes(1, 5).subList(0, 1);
    DiscreteAWR algo = new DiscreteAWR(DiscreteAWRTestData.tiny().batchSize(100_000).build(), 1);
    float[] obs = DiscreteAWRTestData.observations(few, 5);
    var history =
        algo.fit(
            few,
            FitOptions.builder()
                .logdir(dir.toString())
                .withTimestamp(false)
                .verbose(false)
                .showProgress(false)
                .evalEpisodes(few)
                .scorer("v", (m, e) -> m.predictValue(obs, 5)[0])
                .build());
    assertThat(history).hasSize(2);
    assertThat(history.get(0)).containsOnlyKeys("v");
    Path run = dir.resolve("DiscreteAWR");
    assertThat(run.resolve("critic_loss.csv")).doesNotExist();
    List<Path> csvs;
    try (var files = Files.list(run)) {
      csvs = files.filter(p -> p.toString().endsWith(".csv")).toList();
    }
    for (Path csv : csvs) {
      assertThat(Files.readString(csv)).doesNotContainIgnoringCase("nan");
    }
    assertThat(run.resolve("model_1.zip")).exists();
  }

  @Test
  void vectorObservationsRejectFrameStacking() {
    DiscreteAWR algo = new DiscreteAWR(DiscreteAWRTestData.tiny().nFrames(2).scaler(null).build());
    assertThatThrownBy(() -> algo.createImpl(new int[] {4}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n_frames=2");
  }

  @Test
  void unfittedScalerNeedsFit() {
    DiscreteAWR algo = new DiscreteAWR(DiscreteAWRTestData.tiny().build());
    assertThatThrownBy(() -> algo.createImpl(new int[] {4}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard");
  }

  @Test
  void onnxPolicyGivesTheSameActions() throws Exception {
    ByteArrayOutputStream onnx = new ByteArrayOutputStream();
    trained.savePolicy(onnx, true);
    int rows = 300;
    float[] obs = DiscreteAWRTestData.observations(episodes, rows);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session =
            env.createSession(onnx.toByteArray(), new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(obs), new long[] {rows, 4});
        OrtSession.Result result = session.run(Map.of("input_0", input))) {
      long[] actions = (long[]) result.get(0).getValue();
      int[] expected = trained.predict(obs, rows);
      for (int i = 0; i < rows; i++) {
        assertThat(actions[i]).as("row %d", i).isEqualTo(expected[i]);
      }
    }
  }

  @Test
  void dl4jPolicyFileOpensWithModelSerializerAndDescribesItsScaler() throws Exception {
    Path file = dir.resolve("policy.zip");
    trained.savePolicy(file, false);
    MultiLayerNetwork actor = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
    assertThat(actor.params()).isEqualTo(trained.impl().actor().params());
    byte[] entry = PolicyFile.scalerEntry(Files.newInputStream(file), file.toString());
    JsonNode json = new ObjectMapper().readTree(entry);
    assertThat(json.get("scaler").asText()).isEqualTo("standard");
    assertThat(json.get("scale")).hasSize(4);
    assertThat(json.get("input_shape").toString()).isEqualTo("[4]");
    // applying the documented scaler and argmax by hand gives the model's actions
    float[] obs = DiscreteAWRTestData.observations(episodes, 50);
    float[] scaled = obs.clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] =
          (float)
              (obs[i] * json.get("scale").get(i % 4).asDouble()
                  + json.get("offset").get(i % 4).asDouble());
    }
    var probs = actor.output(org.nd4j.linalg.factory.Nd4j.create(scaled, new long[] {50, 4}));
    int[] expected = trained.predict(obs, 50);
    for (int i = 0; i < 50; i++) {
      assertThat(probs.getRow(i).argMax().getInt(0)).isEqualTo(expected[i]);
    }
  }
}

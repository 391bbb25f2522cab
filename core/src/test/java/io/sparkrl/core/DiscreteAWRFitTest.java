package io.sparkrl.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.logging.TensorBoardEventReader;
import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.CartPoleFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit on ~2k CartPole transitions writes a run directory named and laid out as d3rlpy's. */
class DiscreteAWRFitTest {

  @TempDir static Path logdir;

  static List<Episode> episodes;
  static DiscreteAWR algo;
  static List<Map<String, Double>> history;
  static Path run;

  static final Scorer MEAN_VALUE =
      (model, eps) -> {
        float[] obs = DiscreteAWRTestData.observations(eps, 32);
        double sum = 0;
        for (float v : model.predictValue(obs, 32)) {
          sum += v;
        }
        return sum / 32;
      };

  @BeforeAll
  static void fit() throws Exception {
    episodes = CartPoleFixtures.episodes(2000, 1);
    algo = new DiscreteAWR(DiscreteAWRTestData.tiny().build(), 7);
    history =
        algo.fit(
            episodes,
            FitOptions.builder()
                .logdir(logdir.toString())
                .withTimestamp(false)
                .experimentName("exp")
                .verbose(false)
                .showProgress(false)
                .evalEpisodes(episodes.subList(0, 3))
                .scorer("mean_value", MEAN_VALUE)
                .build());
    run = logdir.resolve("exp");
  }

  static int iterationsPerEpoch() {
    int n = 0;
    for (Episode e : episodes) {
      n += e.transitionCount();
    }
    return n / 64;
  }

  @Test
  void writesD3rlpyFiles() throws Exception {
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "params.json",
              "critic_loss.csv",
              "actor_loss.csv",
              "weights.csv",
              "mean_value.csv",
              "model_0.zip",
              "model_1.zip",
              "runs",
              "iterations.csv",
              "timing.csv");
    }
    int iters = iterationsPerEpoch();
    for (String metric : List.of("critic_loss", "actor_loss", "weights", "mean_value")) {
      List<String> lines = Files.readAllLines(run.resolve(metric + ".csv"));
      assertThat(lines).hasSize(2);
      for (int epoch = 0; epoch < 2; epoch++) {
        assertThat(lines.get(epoch))
            .matches(epoch + "," + (iters * (epoch + 1)) + ",-?\\d+\\.\\d{6}");
        double logged = Double.parseDouble(lines.get(epoch).split(",")[2]);
        assertThat(logged)
            .isCloseTo(history.get(epoch).get(metric), org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    assertThat(history.get(0).keySet())
        .containsExactly("critic_loss", "actor_loss", "weights", "mean_value");
  }

  @Test
  void iterationRowsAverageToTheEpochMetrics() throws Exception {
    List<String> rows = Files.readAllLines(run.resolve("iterations.csv"));
    int iters = iterationsPerEpoch();
    assertThat(rows).hasSize(1 + 2 * iters);
    assertThat(rows.get(0)).isEqualTo("epoch,iteration,total_step,critic_loss,actor_loss,weights");
    for (int epoch = 0; epoch < 2; epoch++) {
      double[] sums = new double[3];
      for (int i = 0; i < iters; i++) {
        String[] f = rows.get(1 + epoch * iters + i).split(",");
        assertThat(f[0]).isEqualTo(Integer.toString(epoch));
        assertThat(f[1]).isEqualTo(Integer.toString(i));
        assertThat(f[2]).isEqualTo(Long.toString((long) epoch * iters + i + 1));
        for (int m = 0; m < 3; m++) {
          sums[m] += Double.parseDouble(f[3 + m]);
        }
      }
      List<String> names = List.of("critic_loss", "actor_loss", "weights");
      for (int m = 0; m < 3; m++) {
        assertThat(sums[m] / iters)
            .as(names.get(m))
            .isCloseTo(
                history.get(epoch).get(names.get(m)), org.assertj.core.data.Offset.offset(1e-5));
      }
    }
    List<String> timing = Files.readAllLines(run.resolve("timing.csv"));
    assertThat(timing).hasSize(3);
    assertThat(timing.get(1)).startsWith("0," + iters + "," + (iters * 64L) + ",");
  }

  @Test
  void paramsJsonHasD3rlpysKeysInOrder() throws Exception {
    JsonNode params = new ObjectMapper().readTree(run.resolve("params.json").toFile());
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    List<String> expected = new ArrayList<>(AwrConfig.KEYS);
    expected.add("observation_shape");
    expected.add("action_size");
    assertThat(keys).hasSize(22).isEqualTo(expected);
    assertThat(params.get("scaler").get("type").asText()).isEqualTo("standard");
    assertThat(params.get("scaler").get("params").has("mean")).isTrue();
    assertThat(params.get("observation_shape").toString()).isEqualTo("[4]");
    assertThat(params.get("action_size").asInt()).isEqualTo(2);
  }

  @Test
  void tensorBoardEventFileDecodes() throws Exception {
    Path runs = run.resolve("runs");
    List<Path> files;
    try (Stream<Path> s = Files.list(runs)) {
      files = s.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
    var events = TensorBoardEventReader.read(new LocalRunStorage(), files.get(0).toString());
    assertThat(events.fileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.scalars())
        .extracting(e -> e.tag() + "@" + e.step())
        .contains("metrics/critic_loss@0", "metrics/critic_loss@1", "metrics/mean_value@1");
  }

  @Test
  void evalResultsHaveOneValuePerEpoch() {
    assertThat(algo.evalResults()).containsOnlyKeys("mean_value");
    assertThat(algo.evalResults().get("mean_value"))
        .hasSize(2)
        .containsExactly(history.get(0).get("mean_value"), history.get(1).get("mean_value"));
  }

  @Test
  void fromJsonAndLastCheckpointReproduceTheModel() throws Exception {
    DiscreteAWR restored = DiscreteAWR.fromJson(run.resolve("params.json"), GpuSetting.DISABLED);
    assertThat(architecture(restored.impl().actor())).isEqualTo(architecture(algo.impl().actor()));
    assertThat(architecture(restored.impl().critic()))
        .isEqualTo(architecture(algo.impl().critic()));
    assertThat(restored.config()).isEqualTo(algo.config());
    restored.loadModel(run.resolve("model_1.zip"));
    float[] obs = DiscreteAWRTestData.observations(episodes, 200);
    assertThat(restored.predict(obs, 200)).isEqualTo(algo.predict(obs, 200));
    assertThat(restored.predictValue(obs, 200)).isEqualTo(algo.predictValue(obs, 200));
  }

  /** The configuration without what differs between two instances: seeds and counters. */
  static String architecture(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net) {
    return net.getLayerWiseConfigurations()
        .toJson()
        .replaceAll("\"(seed|iterationCount|epochCount)\" : -?\\d+", "");
  }

  @Test
  void paramsJsonMatchesTheParser() throws Exception {
    String written = Files.readString(run.resolve("params.json"));
    assertThat(AwrConfigParser.readParams(written).config()).isEqualTo(algo.config());
  }
}

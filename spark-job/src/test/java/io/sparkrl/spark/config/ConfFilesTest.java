package io.sparkrl.spark.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.cli.SparkrlCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every configuration file shipped in {@code conf/} resolves, and each means what it says. */
class ConfFilesTest {

  /** The repository's {@code conf/}, beside this module (tests run in the module directory). */
  private static final Path CONF = Path.of("..", "conf");

  private static TrainSettings resolve(String name) {
    return TrainSettingsResolver.resolve(CONF.resolve(name), Map.of(), List.of());
  }

  @Test
  void everyJsonFileInConfResolves() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(CONF)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        TrainSettings s = TrainSettingsResolver.resolve(file, Map.of(), List.of());
        assertThat(s.config()).as(file.toString()).isNotNull();
        names.add(file.getFileName().toString());
      }
    }
    assertThat(names)
        .contains(
            "cartpole-quickstart.json",
            "cartpole.json",
            "catch-pixels.json",
            "cluster-example.json");
  }

  @Test
  void cartpoleListsEveryD3rlpyDefaultExplicitly() throws IOException {
    JsonNode file = new ObjectMapper().readTree(CONF.resolve("cartpole.json").toFile());
    for (String key : AwrConfig.KEYS) {
      assertThat(file.has(key)).as(key).isTrue();
    }
    assertThat(resolve("cartpole.json").config()).isEqualTo(AwrConfig.defaults());
  }

  @Test
  void quickstartIsSmallAndEvaluatesOnCartpole() {
    TrainSettings s = resolve("cartpole-quickstart.json");
    AwrConfig c = s.config();
    assertThat(c.nActorUpdates() + c.nCriticUpdates())
        .isLessThan(AwrConfig.DEFAULT_N_ACTOR_UPDATES + AwrConfig.DEFAULT_N_CRITIC_UPDATES);
    assertThat(c.nEpochs()).isLessThanOrEqualTo(10);
    assertThat(s.job().evalEnv()).isEqualTo(Environments.CARTPOLE_V0);
  }

  @Test
  void catchPixelsBuildsNetworksForNineByNineFrames() {
    TrainSettings s = resolve("catch-pixels.json");
    AwrConfig c = s.config();
    assertThat(c.nFrames()).isEqualTo(4);
    assertThat(c.scaler().type()).isEqualTo(ScalerType.PIXEL);
    assertThat(s.job().evalEnv()).isEqualTo(Environments.CATCH);
    // at d3rlpy's 5e-5 this conv actor stays uniform for epochs (docs/benchmarks.md, catch)
    assertThat(c.actorLearningRate()).isGreaterThanOrEqualTo(1e-3);
    assertThat(c.nEpochs()).isLessThanOrEqualTo(3);
    assertThat(s.job().evalEpisodes()).isGreaterThanOrEqualTo(100);
    int actions = Environments.create(Environments.CATCH).actionCount();
    DiscreteAWR awr = new DiscreteAWR(c);
    awr.createImpl(new int[] {1, 9, 9}, actions);
    float[] stacked = new float[4 * 9 * 9];
    assertThat(awr.predict(stacked, 1)[0]).isBetween(0, actions - 1);
  }

  @Test
  void clusterExampleCarriesSparkDefaults() {
    TrainSettings s = resolve("cluster-example.json");
    assertThat(s.sparkProperties())
        .containsEntry("spark.executorEnv.OMP_NUM_THREADS", "1")
        .containsEntry("spark.dynamicAllocation.enabled", "false")
        .containsEntry("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .containsKeys("spark.executor.memory", "spark.executor.cores");
    assertThat(s.job().workers()).isGreaterThan(JobSettingKeys.WORKERS.defaultValue());
  }

  @Test
  void submitScriptAndClusterExampleUseTheRegistratorsAndMainClass() throws IOException {
    String script = Files.readString(Path.of("..", "scripts", "submit.sh"));
    assertThat(script)
        .contains("kryo_registrators=\"" + SparkrlKryoRegistrator.REGISTRATORS + "\"")
        .contains("main_class=\"" + SparkrlCli.class.getName() + "\"")
        .startsWith("#!/usr/bin/env bash")
        .contains("set -euo pipefail");
    assertThat(resolve("cluster-example.json").sparkProperties())
        .containsEntry("spark.kryo.registrator", SparkrlKryoRegistrator.REGISTRATORS);
  }

  @Test
  void theReadmeTablesEveryJobSettingWithItsDefault() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (var key : JobSettingKeys.ALL) {
      assertThat(readme).as(key.name()).contains("| `" + key.name() + "` |");
    }
  }
}

package io.sparkrl.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwrConfigParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What d3rlpy v0.23's fit wrote for DiscreteAWR() on CartPole (json.dump, sorted keys). */
  static final String D3RLPY_DEFAULT_PARAMS =
      "{\"actor_learning_rate\": 5e-05, \"augmentation\": [], \"batch_size\": 2048,"
          + " \"batch_size_per_update\": 256, \"beta\": 0.05, \"critic_learning_rate\": 0.0001,"
          + " \"dynamics\": null, \"encoder_params\": {}, \"gamma\": 0.99, \"lam\": 0.95,"
          + " \"max_weight\": 20.0, \"momentum\": 0.9, \"n_actor_updates\": 1000,"
          + " \"n_augmentations\": 1, \"n_critic_updates\": 200, \"n_epochs\": 1000,"
          + " \"n_frames\": 1, \"scaler\": null, \"use_batch_norm\": false, \"use_gpu\": null,"
          + " \"observation_shape\": [4], \"action_size\": 2}";

  /** A d3rlpy v0.23 params.json with a fitted scaler, augmentations, encoder params and a GPU. */
  static final String D3RLPY_FULL_PARAMS =
      "{\"actor_learning_rate\": 0.001, \"augmentation\": [{\"type\": \"random_shift\","
          + " \"params\": {\"shift_size\": 4}}, {\"type\": \"intensity\", \"params\": {\"scale\":"
          + " 0.1}}], \"batch_size\": 1024, \"batch_size_per_update\": 128, \"beta\": 1.0,"
          + " \"critic_learning_rate\": 0.01, \"dynamics\": null, \"encoder_params\":"
          + " {\"activation_type\": \"swish\", \"feature_size\": 256, \"filters\": [[16, 8, 4],"
          + " [32, 4, 2]]}, \"gamma\": 0.95, \"lam\": 0.9, \"max_weight\": 10.0, \"momentum\":"
          + " 0.5, \"n_actor_updates\": 100, \"n_augmentations\": 2, \"n_critic_updates\": 50,"
          + " \"n_epochs\": 10, \"n_frames\": 4, \"scaler\": {\"type\": \"min_max\", \"params\":"
          + " {\"minimum\": [[[[0.0]], [[1.0]], [[2.0]], [[3.0]]]], \"maximum\": [[[[255.0]],"
          + " [[254.0]], [[253.0]], [[252.0]]]]}}, \"use_batch_norm\": true, \"use_gpu\": 0,"
          + " \"observation_shape\": [4, 1, 1], \"action_size\": 6}";

  @Test
  void readsD3rlpyDefaultParamsJson() {
    AwrParamsFile file = AwrConfigParser.readParams(D3RLPY_DEFAULT_PARAMS);
    assertThat(file.config()).isEqualTo(AwrConfig.defaults());
    assertThat(file.observationShape()).containsExactly(4);
    assertThat(file.actionSize()).isEqualTo(2);
  }

  @Test
  void readsD3rlpyParamsJsonWithEveryNestedForm() {
    AwrParamsFile file = AwrConfigParser.readParams(D3RLPY_FULL_PARAMS);
    AwrConfig c = file.config();
    assertThat(c.actorLearningRate()).isEqualTo(1e-3);
    assertThat(c.criticLearningRate()).isEqualTo(1e-2);
    assertThat(c.batchSize()).isEqualTo(1024);
    assertThat(c.batchSizePerUpdate()).isEqualTo(128);
    assertThat(c.beta()).isEqualTo(1.0);
    assertThat(c.gamma()).isEqualTo(0.95);
    assertThat(c.lam()).isEqualTo(0.9);
    assertThat(c.maxWeight()).isEqualTo(10.0);
    assertThat(c.momentum()).isEqualTo(0.5);
    assertThat(c.nActorUpdates()).isEqualTo(100);
    assertThat(c.nCriticUpdates()).isEqualTo(50);
    assertThat(c.nAugmentations()).isEqualTo(2);
    assertThat(c.nEpochs()).isEqualTo(10);
    assertThat(c.nFrames()).isEqualTo(4);
    assertThat(c.useBatchNorm()).isTrue();
    assertThat(c.useGpu()).isEqualTo(GpuSetting.device(0));
    assertThat(c.augmentation())
        .containsExactly(
            AugmentationSpec.of(AugmentationType.RANDOM_SHIFT),
            AugmentationSpec.of(AugmentationType.INTENSITY));
    assertThat(c.encoderParams())
        .isEqualTo(
            new EncoderParams(
                null,
                List.of(new ConvFilter(16, 8, 4), new ConvFilter(32, 4, 2)),
                256,
                ActivationType.SWISH));
    assertThat(c.scaler().type()).isEqualTo(ScalerType.MIN_MAX);
    assertThat(c.scaler().params().get("minimum"))
        .isEqualTo(new FittedArray(new int[] {1, 4, 1, 1}, new double[] {0, 1, 2, 3}));
    assertThat(c.scaler().params().get("maximum").values()).containsExactly(255, 254, 253, 252);
    assertThat(file.observationShape()).containsExactly(4, 1, 1);
    assertThat(file.actionSize()).isEqualTo(6);
  }

  @Test
  void writesParamsJsonAsD3rlpyDoes() throws Exception {
    for (String literal : List.of(D3RLPY_DEFAULT_PARAMS, D3RLPY_FULL_PARAMS)) {
      AwrParamsFile file = AwrConfigParser.readParams(literal);
      String written =
          AwrConfigParser.toParamsJson(file.config(), file.observationShape(), file.actionSize());
      JsonNode expected = JSON.readTree(literal);
      JsonNode actual = JSON.readTree(written);
      assertThat(actual).isEqualTo(expected);
      assertThat(fieldNames(actual)).containsExactlyElementsOf(fieldNames(expected));
    }
  }

  @Test
  void roundTripsEveryForm() {
    AwrConfig c =
        AwrConfig.builder()
            .scaler(
                new ScalerSpec(
                    ScalerType.STANDARD,
                    Map.of(
                        "mean", FittedArray.vector(0.5, -1.25), "std", FittedArray.vector(2, 0))))
            .augmentation(
                List.of(
                    new AugmentationSpec(
                        AugmentationType.COLOR_JITTER, Map.of("hue", List.of(-0.1, 0.2))),
                    new AugmentationSpec(AugmentationType.CUTOUT, Map.of("probability", 1))))
            .encoderParams(new EncoderParams(List.of(64, 32), null, null, null))
            .dynamics(
                new DynamicsSpec(DynamicsSpec.TYPE_PROBABILISTIC_ENSEMBLE, "dyn/model.zip", 100, 3))
            .useGpu(GpuSetting.device(3))
            .build();
    assertThat(AwrConfigParser.fromJson(AwrConfigParser.toJson(c))).isEqualTo(c);
    AwrConfig defaults = AwrConfig.defaults();
    assertThat(AwrConfigParser.fromJson(AwrConfigParser.toJson(defaults))).isEqualTo(defaults);
  }

  @Test
  void missingKeysTakeDefaultsAndShortFormsExpand() {
    AwrConfig c =
        AwrConfigParser.fromJson(
            "{\"scaler\": \"pixel\", \"augmentation\": [\"cutout\", {\"type\": \"random_shift\"}],"
                + " \"use_gpu\": true, \"n_frames\": 4}");
    assertThat(c.scaler()).isEqualTo(ScalerSpec.of(ScalerType.PIXEL));
    assertThat(c.augmentation())
        .containsExactly(
            AugmentationSpec.of(AugmentationType.CUTOUT),
            AugmentationSpec.of(AugmentationType.RANDOM_SHIFT));
    assertThat(c.useGpu()).isEqualTo(GpuSetting.device(0));
    assertThat(
            c.toBuilder()
                .nFrames(1)
                .useGpu(GpuSetting.DISABLED)
                .scaler(null)
                .augmentation(List.of())
                .build())
        .isEqualTo(AwrConfig.defaults());
    assertThat(AwrConfigParser.fromJson("{\"use_gpu\": false}").useGpu())
        .isEqualTo(GpuSetting.DISABLED);
    assertThat(AwrConfigParser.fromJson("{\"use_gpu\": 2}").useGpu())
        .isEqualTo(GpuSetting.device(2));
    assertThat(AwrConfigParser.fromJson("{\"batch_size\": 4096.0}").batchSize()).isEqualTo(4096);
  }

  @Test
  void anUnfittedScalerReadsFromNullParams() {
    AwrConfig c =
        AwrConfigParser.fromJson(
            "{\"scaler\": {\"type\": \"standard\", \"params\": {\"mean\": null, \"std\": null}}}");
    assertThat(c.scaler()).isEqualTo(ScalerSpec.of(ScalerType.STANDARD));
    assertThat(c.scaler().isFitted()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"gama\": 0.9}                                  | unknown key 'gama'",
        "{\"gamma\": 0.9, \"gamma\": 0.8}                 | Duplicate field 'gamma'",
        "{\"gamma\": \"high\"}                            | gamma: must be a number, got \"high\"",
        "{\"batch_size\": 20.5}                           | batch_size: must be an integer, got 20.5",
        "{\"use_batch_norm\": 1}                          | use_batch_norm: must be true or false, got 1",
        "{\"use_gpu\": \"cuda:0\"}                        | use_gpu: must be false, true or a device id",
        "{\"scaler\": \"robust\"}                         | scaler: \"robust\" is not one of pixel, min_max, standard",
        "{\"scaler\": {\"params\": {}}}                   | scaler: \"type\" is required",
        "{\"scaler\": {\"type\": \"pixel\", \"x\": 1}}    | scaler: unknown key 'x'",
        "{\"scaler\": {\"type\": \"min_max\", \"params\": {\"minimum\": [[0, 1], [2]], \"maximum\": [[1, 2]]}}} | scaler.minimum: ragged",
        "{\"augmentation\": \"cutout\"}                   | augmentation: must be a list",
        "{\"augmentation\": [\"blur\"]}                   | augmentation: \"blur\" is not one of",
        "{\"augmentation\": [{\"type\": \"cutout\", \"params\": {\"p\": 0.5}}]} | augmentation cutout: unknown key 'p'",
        "{\"encoder_params\": {\"hidden\": [64]}}         | encoder_params: unknown key 'hidden'",
        "{\"encoder_params\": {\"filters\": [[32, 8]]}}   | encoder_params.filters: each entry must be [channels, kernel, stride]",
        "{\"encoder_params\": {\"activation_type\": \"tanh\"}} | encoder_params.activation_type: \"tanh\" is not one of relu, swish",
        "{\"dynamics\": {\"type\": \"probabilistic_ensemble\"}} | dynamics.model_path",
        "{\"n_frames\": 4, \"observation_shape\": [4]}    | n_frames: 4 frames need image observations",
        "{\"observation_shape\": [2, 3]}                  | observation_shape: must be [features] or [channels, height, width]",
        "{\"action_size\": 0}                             | action_size: must be >= 1, got 0",
        "[1, 2]                                           | a configuration must be a JSON object",
        "{\"gamma\": 0.9                                  | invalid JSON",
        "{\"momentum\": 1}                                | momentum: must be in [0, 1), got 1.0",
      })
  void rejectsBadInputNamingTheKey(String json, String message) {
    assertThatThrownBy(() -> AwrConfigParser.readParams(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"beta\": -1}");
    assertThatThrownBy(() -> AwrConfigParser.readParams(file))
        .hasMessageStartingWith(file + ": beta: must be > 0");
    Path good = dir.resolve("params.json");
    Files.writeString(good, D3RLPY_DEFAULT_PARAMS);
    assertThat(AwrConfigParser.readParams(good).config()).isEqualTo(AwrConfig.defaults());
  }

  @Test
  void theKeyTableIsTheTwentyKeysInParamsJsonOrderWithDefaultsThatObeyTheirRules()
      throws Exception {
    assertThat(AwrConfigKeys.ALL)
        .extracting(ConfigKey::name)
        .containsExactlyElementsOf(AwrConfig.KEYS);
    JsonNode defaults = new ObjectMapper().readTree(AwrConfigParser.toJson(AwrConfig.defaults()));
    for (ConfigKey<?> key : AwrConfigKeys.ALL) {
      assertThat(key.description()).as(key.name()).isNotBlank();
      assertThat(defaults.get(key.name()).toString()).as(key.name()).isEqualTo(key.defaultText());
    }
  }

  @Test
  void aBrokenRuleIsAConfigExceptionNamingItsKey() {
    assertThatThrownBy(() -> AwrConfig.builder().gamma(1.5).build())
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo(AwrConfig.KEY_GAMMA))
        .hasMessage("gamma: must be in [0, 1], got 1.5");
    assertThatThrownBy(
            () -> AwrConfigParser.fromJson("{\"encoder_params\": {\"hidden_units\": [0]}}"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.topLevelKey()).isEqualTo(AwrConfig.KEY_ENCODER_PARAMS))
        .hasMessageContaining("encoder_params.hidden_units");
  }

  @Test
  void getParamsStyleMapRoundTrips() {
    AwrConfig c = AwrConfig.builder().nEpochs(3).scaler(ScalerSpec.of(ScalerType.PIXEL)).build();
    Map<String, Object> map = AwrConfigParser.toMap(c);
    assertThat(map).containsOnlyKeys(AwrConfig.KEYS.toArray(new String[0]));
    assertThat(map.get("n_epochs")).isEqualTo(3);
    assertThat(AwrConfigParser.withValues(AwrConfig.defaults(), map)).isEqualTo(c);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

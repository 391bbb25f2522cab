package io.sparkrl.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AwrConfigTest {

  @Test
  void defaultsAreThoseOfD3rlpyV023() {
    AwrConfig c = AwrConfig.defaults();
    assertThat(c.actorLearningRate()).isEqualTo(5e-5);
    assertThat(c.criticLearningRate()).isEqualTo(1e-4);
    assertThat(c.batchSize()).isEqualTo(2048);
    assertThat(c.nFrames()).isEqualTo(1);
    assertThat(c.gamma()).isEqualTo(0.99);
    assertThat(c.batchSizePerUpdate()).isEqualTo(256);
    assertThat(c.nActorUpdates()).isEqualTo(1000);
    assertThat(c.nCriticUpdates()).isEqualTo(200);
    assertThat(c.lam()).isEqualTo(0.95);
    assertThat(c.beta()).isEqualTo(0.05);
    assertThat(c.maxWeight()).isEqualTo(20.0);
    assertThat(c.momentum()).isEqualTo(0.9);
    assertThat(c.useBatchNorm()).isFalse();
    assertThat(c.nEpochs()).isEqualTo(1000);
    assertThat(c.useGpu().enabled()).isFalse();
    assertThat(c.scaler()).isNull();
    assertThat(c.augmentation()).isEmpty();
    assertThat(c.nAugmentations()).isEqualTo(1);
    assertThat(c.encoderParams()).isEqualTo(EncoderParams.DEFAULTS);
    assertThat(c.dynamics()).isNull();
    assertThat(AwrConfig.KEYS).hasSize(20).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void encoderDefaultsAreD3rlpysNetworks() {
    EncoderParams p = EncoderParams.DEFAULTS;
    assertThat(p.hiddenUnitsOrDefault()).containsExactly(256, 256);
    assertThat(p.filtersOrDefault())
        .containsExactly(
            new ConvFilter(32, 8, 4), new ConvFilter(64, 4, 2), new ConvFilter(64, 3, 1));
    assertThat(p.featureSizeOrDefault()).isEqualTo(512);
    assertThat(p.activationOrDefault()).isEqualTo(ActivationType.RELU);
  }

  @Test
  void augmentationDefaultsAreD3rlpys() {
    assertThat(AugmentationSpec.of(AugmentationType.RANDOM_SHIFT).params())
        .isEqualTo(Map.of("shift_size", 4));
    assertThat(AugmentationSpec.of(AugmentationType.CUTOUT).doubleParam("probability"))
        .isEqualTo(0.5);
    assertThat(AugmentationSpec.of(AugmentationType.HORIZONTAL_FLIP).doubleParam("probability"))
        .isEqualTo(0.1);
    assertThat(AugmentationSpec.of(AugmentationType.VERTICAL_FLIP).doubleParam("probability"))
        .isEqualTo(0.1);
    assertThat(AugmentationSpec.of(AugmentationType.RANDOM_ROTATION).doubleParam("degree"))
        .isEqualTo(5.0);
    assertThat(AugmentationSpec.of(AugmentationType.INTENSITY).doubleParam("scale")).isEqualTo(0.1);
    assertThat(AugmentationSpec.of(AugmentationType.COLOR_JITTER).params())
        .containsEntry("brightness", List.of(0.6, 1.4))
        .containsEntry("hue", List.of(-0.5, 0.5));
    for (AugmentationType t :
        List.of(
            AugmentationType.SINGLE_AMPLITUDE_SCALING,
            AugmentationType.MULTIPLE_AMPLITUDE_SCALING)) {
      assertThat(AugmentationSpec.of(t).doubleParam("minimum")).isEqualTo(0.8);
      assertThat(AugmentationSpec.of(t).doubleParam("maximum")).isEqualTo(1.2);
      assertThat(t.forImages()).isFalse();
    }
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        rule("actor_learning_rate", "0.0", b -> b.actorLearningRate(0)),
        rule("actor_learning_rate", "NaN", b -> b.actorLearningRate(Double.NaN)),
        rule("critic_learning_rate", "-1.0E-4", b -> b.criticLearningRate(-1e-4)),
        rule(
            "critic_learning_rate",
            "Infinity",
            b -> b.criticLearningRate(Double.POSITIVE_INFINITY)),
        rule("batch_size", "255", b -> b.batchSize(255)),
        rule("n_frames", "0", b -> b.nFrames(0)),
        rule("gamma", "1.01", b -> b.gamma(1.01)),
        rule("gamma", "-0.1", b -> b.gamma(-0.1)),
        rule("batch_size_per_update", "0", b -> b.batchSizePerUpdate(0)),
        rule("n_actor_updates", "0", b -> b.nActorUpdates(0)),
        rule("n_critic_updates", "-3", b -> b.nCriticUpdates(-3)),
        rule("lam", "1.5", b -> b.lam(1.5)),
        rule("lam", "-0.5", b -> b.lam(-0.5)),
        rule("beta", "0.0", b -> b.beta(0)),
        rule("max_weight", "-20.0", b -> b.maxWeight(-20)),
        rule("momentum", "1.0", b -> b.momentum(1.0)),
        rule("momentum", "-0.1", b -> b.momentum(-0.1)),
        rule("n_epochs", "0", b -> b.nEpochs(0)),
        rule("n_augmentations", "0", b -> b.nAugmentations(0)),
        rule("use_gpu", "null", b -> b.useGpu(null)),
        rule("augmentation", "null", b -> b.augmentation(null)),
        rule("encoder_params", "null", b -> b.encoderParams(null)));
  }

  private static Arguments rule(String key, String value, UnaryOperator<AwrConfig.Builder> edit) {
    return Arguments.of(key, value, edit);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("brokenRules")
  void eachRuleRejectsItsBadValueNamingKeyAndValue(
      String key, String value, UnaryOperator<AwrConfig.Builder> edit) {
    assertThatThrownBy(() -> edit.apply(AwrConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(key + ":")
        .hasMessageContaining(value);
  }

  @Test
  void batchSizeEqualToMiniBatchIsAllowed() {
    AwrConfig c = AwrConfig.builder().batchSize(64).batchSizePerUpdate(64).build();
    assertThat(c.batchSize()).isEqualTo(64);
  }

  @Test
  void boundaryValuesAreAccepted() {
    AwrConfig c = AwrConfig.builder().gamma(0).lam(1).momentum(0).build();
    assertThat(c.gamma()).isZero();
    assertThat(c.lam()).isEqualTo(1);
    assertThat(c.momentum()).isZero();
  }

  @Test
  void augmentationListIsCopiedAndImmutable() {
    List<AugmentationSpec> list = new java.util.ArrayList<>();
    list.add(AugmentationSpec.of(AugmentationType.CUTOUT));
    AwrConfig c = AwrConfig.builder().augmentation(list).build();
    list.clear();
    assertThat(c.augmentation()).hasSize(1);
    assertThatThrownBy(() -> c.augmentation().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderKeepsEveryField() {
    AwrConfig c =
        AwrConfig.builder()
            .gamma(0.9)
            .nFrames(4)
            .useGpu(GpuSetting.device(1))
            .scaler(ScalerSpec.of(ScalerType.PIXEL))
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void nestedValuesCheckTheirOwnRules() {
    assertThatThrownBy(() -> new EncoderParams(List.of(64, 0), null, null, null))
        .hasMessageContaining("encoder_params.hidden_units")
        .hasMessageContaining("[64, 0]");
    assertThatThrownBy(() -> new ConvFilter(32, 0, 4))
        .hasMessageContaining("encoder_params.filters")
        .hasMessageContaining("[32, 0, 4]");
    assertThatThrownBy(() -> new EncoderParams(null, null, 0, null))
        .hasMessageContaining("encoder_params.feature_size")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> GpuSetting.device(-1)).hasMessageContaining("use_gpu");
    assertThatThrownBy(
            () -> new DynamicsSpec(DynamicsSpec.TYPE_PROBABILISTIC_ENSEMBLE, "m.zip", 0, 5))
        .hasMessageContaining("dynamics.n_transitions")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> new DynamicsSpec("mystery", "m.zip", 400, 5))
        .hasMessageContaining("dynamics.type")
        .hasMessageContaining("mystery");
  }

  @Test
  void scalerParametersMustBeCompleteConsistentAndFinite() {
    FittedArray two = FittedArray.vector(0, 1);
    assertThatThrownBy(() -> new ScalerSpec(ScalerType.MIN_MAX, Map.of("minimum", two)))
        .hasMessageContaining("minimum")
        .hasMessageContaining("maximum");
    assertThatThrownBy(
            () ->
                new ScalerSpec(
                    ScalerType.STANDARD, Map.of("mean", two, "std", FittedArray.vector(1, 1, 1))))
        .hasMessageContaining("shapes disagree");
    assertThatThrownBy(
            () ->
                new ScalerSpec(
                    ScalerType.STANDARD,
                    Map.of("mean", FittedArray.vector(Double.NaN, 0), "std", two)))
        .hasMessageContaining("scaler.mean")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                new ScalerSpec(
                    ScalerType.STANDARD, Map.of("mean", two, "std", FittedArray.vector(-1, 1))))
        .hasMessageContaining("scaler.std")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(
            () ->
                new ScalerSpec(
                    ScalerType.MIN_MAX,
                    Map.of(
                        "minimum", FittedArray.vector(2, 0), "maximum", FittedArray.vector(1, 1))))
        .hasMessageContaining("maximum 1.0 is below minimum 2.0 at feature 0");
    assertThatThrownBy(() -> new ScalerSpec(ScalerType.PIXEL, Map.of("mean", two)))
        .hasMessageContaining("scaler.mean")
        .hasMessageContaining("unknown parameter");
  }

  @Test
  void augmentationParametersAreChecked() {
    assertThatThrownBy(
            () -> new AugmentationSpec(AugmentationType.CUTOUT, Map.of("probability", 1.5)))
        .hasMessageContaining("cutout.probability")
        .hasMessageContaining("1.5");
    assertThatThrownBy(
            () -> new AugmentationSpec(AugmentationType.RANDOM_SHIFT, Map.of("shift_size", 2.5)))
        .hasMessageContaining("random_shift.shift_size")
        .hasMessageContaining("integer");
    assertThatThrownBy(
            () ->
                new AugmentationSpec(
                    AugmentationType.COLOR_JITTER, Map.of("brightness", List.of(1.4, 0.6))))
        .hasMessageContaining("color_jitter.brightness")
        .hasMessageContaining("low must be <= high");
    assertThatThrownBy(
            () ->
                new AugmentationSpec(
                    AugmentationType.SINGLE_AMPLITUDE_SCALING,
                    Map.of("minimum", 1.3, "maximum", 1.2)))
        .hasMessageContaining("minimum 1.3 is above maximum 1.2");
    assertThatThrownBy(() -> new AugmentationSpec(AugmentationType.INTENSITY, Map.of("sigma", 1)))
        .hasMessageContaining("intensity.sigma")
        .hasMessageContaining("unknown parameter");
  }
}

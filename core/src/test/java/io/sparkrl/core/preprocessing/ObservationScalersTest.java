package io.sparkrl.core.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.config.FittedArray;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.FeatureStatistics;
import io.sparkrl.datasets.ObservationShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ObservationScalersTest {

  private static final int FEATURES = 3;

  /** Two vector episodes; feature 2 is constant. The last rows hold the extremes of feature 0. */
  private static List<Episode> vectorEpisodes() {
    float[] a = {1, 10, 5, 2, 20, 5, 3, 30, 5, -4, 40, 5};
    float[] b = {0, 15, 5, 9, 25, 5};
    return List.of(
        Episode.ofVectors("a", FEATURES, a, new int[4], new float[4], null, EndKind.TERMINAL),
        Episode.ofVectors("b", FEATURES, b, new int[2], new float[2], null, EndKind.TIMEOUT));
  }

  private static double[][] allRows(List<Episode> episodes) {
    return episodes.stream()
        .flatMap(
            e ->
                java.util.stream.IntStream.range(0, e.length())
                    .mapToObj(t -> toDouble(e.observation(t))))
        .toArray(double[][]::new);
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  @Test
  void minMaxMatchesDirectComputationOverAllRowsIncludingTheLast() {
    List<Episode> episodes = vectorEpisodes();
    MinMaxScaler scaler =
        (MinMaxScaler) ObservationScalers.fit(ScalerSpec.of(ScalerType.MIN_MAX), episodes);
    double[][] rows = allRows(episodes);
    for (int j = 0; j < FEATURES; j++) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (double[] row : rows) {
        min = Math.min(min, row[j]);
        max = Math.max(max, row[j]);
      }
      assertThat(scaler.minimum()[j]).isEqualTo(min);
      assertThat(scaler.maximum()[j]).isEqualTo(max);
    }
    assertThat(scaler.minimum()[0]).isEqualTo(-4);
    assertThat(scaler.maximum()[0]).isEqualTo(9);
    float[] batch = {2, 30, 5, 9, 10, 5};
    scaler.transform(batch, 2);
    assertThat(batch).containsExactly(new float[] {6f / 13, 20f / 30, 0, 1, 0, 0}, within(1e-6f));
  }

  @Test
  void standardMatchesTwoPassPopulationStatistics() {
    List<Episode> episodes = vectorEpisodes();
    StandardScaler scaler =
        (StandardScaler) ObservationScalers.fit(ScalerSpec.of(ScalerType.STANDARD), episodes);
    double[][] rows = allRows(episodes);
    float[] batch = {2, 30, 5};
    float[] expected = new float[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      double sum = 0;
      for (double[] row : rows) {
        sum += row[j];
      }
      double mean = sum / rows.length;
      double squares = 0;
      for (double[] row : rows) {
        squares += (row[j] - mean) * (row[j] - mean);
      }
      double std = Math.sqrt(squares / rows.length);
      assertThat(scaler.mean()[j]).isCloseTo(mean, within(1e-12));
      assertThat(scaler.std()[j]).isCloseTo(std, within(1e-12));
      expected[j] = std == 0 ? 0 : (float) ((batch[j] - mean) / std);
    }
    scaler.transform(batch, 1);
    assertThat(batch).containsExactly(expected, within(1e-6f));
  }

  @Test
  void constantFeatureGivesFiniteValues() {
    for (ScalerType type : List.of(ScalerType.MIN_MAX, ScalerType.STANDARD)) {
      ObservationScaler scaler = ObservationScalers.fit(ScalerSpec.of(type), vectorEpisodes());
      float[] batch = {1, 10, 5, 1, 10, 7};
      scaler.transform(batch, 2);
      assertThat(batch[2]).as(type.jsonName()).isEqualTo(0f);
      assertThat(batch[5]).as(type.jsonName()).isEqualTo(2f);
      for (float v : scaler.scale()) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
    StandardScaler standard =
        (StandardScaler)
            ObservationScalers.fit(ScalerSpec.of(ScalerType.STANDARD), vectorEpisodes());
    assertThat(standard.std()[2]).isZero();
  }

  @Test
  void fittedSpecIsUsedAsItIsNotRefitted() {
    ScalerSpec fitted =
        new ScalerSpec(
            ScalerType.MIN_MAX,
            Map.of(
                "minimum", FittedArray.vector(0, 0, 0),
                "maximum", FittedArray.vector(2, 4, 8)));
    ObservationScaler scaler = ObservationScalers.fit(fitted, vectorEpisodes());
    assertThat(scaler.toSpec()).isEqualTo(fitted);
    float[] batch = {1, 1, 1};
    scaler.transform(batch, 1);
    assertThat(batch).containsExactly(0.5f, 0.25f, 0.125f);
  }

  @Test
  void fittedSpecOfAnotherShapeIsRejected() {
    ScalerSpec fitted =
        new ScalerSpec(
            ScalerType.STANDARD,
            Map.of("mean", FittedArray.vector(0, 0), "std", FittedArray.vector(1, 1)));
    assertThatThrownBy(() -> ObservationScalers.fit(fitted, vectorEpisodes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scaler standard")
        .hasMessageContaining("[1, 2]");
  }

  @Test
  void specRoundTripGivesAnIdenticalTransform() throws Exception {
    for (ScalerType type : List.of(ScalerType.MIN_MAX, ScalerType.STANDARD)) {
      ObservationScaler scaler = ObservationScalers.fit(ScalerSpec.of(type), vectorEpisodes());
      ScalerSpec spec = scaler.toSpec();
      assertThat(spec.params().get(type.paramNames().get(0)).shape()).containsExactly(1, FEATURES);
      ObservationScaler restored = ObservationScalers.fromSpec(spec);
      ObservationScaler deserialised = roundTrip(scaler);
      float[] batch = randomBatch(5 * FEATURES, 7);
      float[] a = batch.clone();
      float[] b = batch.clone();
      float[] c = batch.clone();
      scaler.transform(a, 5);
      restored.transform(b, 5);
      deserialised.transform(c, 5);
      assertThat(b).containsExactly(a);
      assertThat(c).containsExactly(a);
      assertThat(restored.toSpec()).isEqualTo(spec);
    }
  }

  @Test
  void imagesGetPerPixelPositionStatistics() {
    ObservationShape shape = ObservationShape.image(2, 2, 2);
    byte[] frames = new byte[3 * 8];
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < 8; i++) {
        frames[t * 8 + i] = (byte) (t * 40 + i * 25);
      }
    }
    Episode e =
        Episode.ofImages("img", shape, frames, new int[3], new float[3], null, EndKind.TERMINAL);
    StandardScaler scaler =
        (StandardScaler) ObservationScalers.fit(ScalerSpec.of(ScalerType.STANDARD), List.of(e));
    assertThat(scaler.frameDims()).containsExactly(2, 2, 2);
    for (int i = 0; i < 8; i++) {
      double mean = (i * 25 + (40 + i * 25) + (80 + i * 25)) / 3.0;
      assertThat(scaler.mean()[i]).isCloseTo(mean, within(1e-9));
      assertThat(scaler.std()[i]).isCloseTo(Math.sqrt(3200.0 / 3), within(1e-9));
    }
    assertThat(scaler.toSpec().params().get("mean").shape()).containsExactly(1, 2, 2, 2);
  }

  @Test
  void stackedFramesReuseTheFrameParameters() {
    ObservationScaler single =
        ObservationScalers.fit(ScalerSpec.of(ScalerType.MIN_MAX), vectorEpisodes());
    ObservationScaler stacked =
        ObservationScalers.fromSpec(single.toSpec(), new int[] {FEATURES}, 3);
    assertThat(stacked.rowSize()).isEqualTo(3 * FEATURES);
    float[] frame = randomBatch(FEATURES, 3);
    float[] row = new float[3 * FEATURES];
    for (int k = 0; k < 3; k++) {
      System.arraycopy(frame, 0, row, k * FEATURES, FEATURES);
    }
    single.transform(frame, 1);
    stacked.transform(row, 1);
    for (int k = 0; k < 3; k++) {
      assertThat(java.util.Arrays.copyOfRange(row, k * FEATURES, (k + 1) * FEATURES))
          .containsExactly(frame);
    }
    assertThat(stacked.scale()).hasSize(3 * FEATURES);
    assertThat(stacked.scale()[FEATURES]).isEqualTo(stacked.scale()[0]);
    assertThat(stacked.toSpec()).isEqualTo(single.toSpec());
  }

  @Test
  void affineFormMatchesTransform() {
    for (ScalerSpec spec :
        List.of(
            ScalerSpec.of(ScalerType.PIXEL),
            ScalerSpec.of(ScalerType.MIN_MAX),
            ScalerSpec.of(ScalerType.STANDARD))) {
      ObservationScaler scaler = ObservationScalers.fit(spec, vectorEpisodes(), 2);
      float[] batch = randomBatch(4 * scaler.rowSize(), 11);
      float[] expected = batch.clone();
      float[] scale = scaler.scale();
      float[] offset = scaler.offset();
      for (int i = 0; i < expected.length; i++) {
        int j = i % scaler.rowSize();
        expected[i] = expected[i] * scale[j] + offset[j];
      }
      scaler.transform(batch, 4);
      assertThat(batch).as(spec.type().jsonName()).containsExactly(expected, within(1e-5f));
    }
  }

  @Test
  void pixelDividesBy255AndNeedsAShapeFromOutside() {
    ObservationScaler pixel =
        ObservationScalers.fromSpec(ScalerSpec.of(ScalerType.PIXEL), new int[] {1, 1, 2}, 2);
    float[] batch = {0, 255, 51, 102};
    pixel.transform(batch, 1);
    assertThat(batch).containsExactly(0f, 1f, 0.2f, 0.4f);
    assertThat(pixel.toSpec()).isEqualTo(ScalerSpec.of(ScalerType.PIXEL));
    assertThatThrownBy(() -> ObservationScalers.fromSpec(ScalerSpec.of(ScalerType.PIXEL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pixel");
    assertThatThrownBy(() -> pixel.transform(new float[3], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need 4 values");
  }

  @Test
  void unfittedSpecWithoutEpisodesIsRejected() {
    assertThatThrownBy(() -> ObservationScalers.fit(ScalerSpec.of(ScalerType.MIN_MAX), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no episodes");
    assertThatThrownBy(() -> ObservationScalers.fromSpec(ScalerSpec.of(ScalerType.STANDARD)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mergedStatisticsEqualSequentialOnes() {
    List<Episode> episodes = vectorEpisodes();
    FeatureStatistics all = new FeatureStatistics(FEATURES);
    episodes.forEach(all::addEpisode);
    FeatureStatistics left = new FeatureStatistics(FEATURES).addEpisode(episodes.get(0));
    FeatureStatistics right = new FeatureStatistics(FEATURES).addEpisode(episodes.get(1));
    FeatureStatistics merged = left.merge(right).merge(new FeatureStatistics(FEATURES));
    assertThat(merged.count()).isEqualTo(6);
    assertThat(merged.mean()).containsExactly(all.mean(), within(1e-12));
    assertThat(merged.populationStd()).containsExactly(all.populationStd(), within(1e-12));
    assertThat(merged.min()).containsExactly(all.min());
    assertThat(merged.max()).containsExactly(all.max());
    assertThat(merged.populationStd()[2]).isZero();
  }

  @Test
  void indarrayOverloadMatchesTheFlatTransform() {
    ObservationScaler scaler =
        ObservationScalers.fit(ScalerSpec.of(ScalerType.STANDARD), vectorEpisodes());
    float[] batch = randomBatch(2 * FEATURES, 5);
    INDArray input = Nd4j.create(batch.clone(), new long[] {2, FEATURES}, 'c');
    INDArray output = scaler.transform(input);
    scaler.transform(batch, 2);
    assertThat(output.shape()).containsExactly(2, FEATURES);
    assertThat(output.data().asFloat()).containsExactly(batch);
  }

  static float[] randomBatch(int size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rng.nextDouble(-10, 40);
    }
    return x;
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}

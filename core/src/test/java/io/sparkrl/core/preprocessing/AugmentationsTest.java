package io.sparkrl.core.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.core.config.AugmentationSpec;
import io.sparkrl.core.config.AugmentationType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationsTest {

  private static final int[] IMAGE = {3, 5, 6};
  private static final int IMAGE_SIZE = 90;
  private static final int[] VECTOR = {7};
  private static final int ROWS = 16;

  private static float[] images(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[ROWS * IMAGE_SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    return x;
  }

  private static ObservationAugmentation aug(AugmentationType type, Map<String, Object> params) {
    return AugmentationPipeline.create(new AugmentationSpec(type, params));
  }

  /** The replication-padded image shifted by (dy, dx), built independently of RandomShift. */
  private static float[] shifted(float[] img, int[] shape, int pad, int dy, int dx) {
    int c = shape[0];
    int h = shape[1];
    int w = shape[2];
    int ph = h + 2 * pad;
    int pw = w + 2 * pad;
    float[] padded = new float[c * ph * pw];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < ph; y++) {
        for (int x = 0; x < pw; x++) {
          int sy = Math.min(Math.max(y - pad, 0), h - 1);
          int sx = Math.min(Math.max(x - pad, 0), w - 1);
          padded[(ch * ph + y) * pw + x] = img[(ch * h + sy) * w + sx];
        }
      }
    }
    float[] out = new float[c * h * w];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[(ch * h + y) * w + x] = padded[(ch * ph + y + pad + dy) * pw + x + pad + dx];
        }
      }
    }
    return out;
  }

  private static float[] row(float[] batch, int r, int size) {
    return Arrays.copyOfRange(batch, r * size, (r + 1) * size);
  }

  @Test
  void randomShiftIsACropOfTheReplicationPaddedImage() {
    float[] input = images(1);
    float[] batch = input.clone();
    int pad = 2;
    aug(AugmentationType.RANDOM_SHIFT, Map.of("shift_size", pad))
        .apply(batch, ROWS, IMAGE, new SplittableRandom(3));
    int changed = 0;
    for (int r = 0; r < ROWS; r++) {
      float[] out = row(batch, r, IMAGE_SIZE);
      boolean found = false;
      for (int dy = -pad; dy <= pad && !found; dy++) {
        for (int dx = -pad; dx <= pad && !found; dx++) {
          found = Arrays.equals(out, shifted(row(input, r, IMAGE_SIZE), IMAGE, pad, dy, dx));
        }
      }
      assertThat(found).as("row %d", r).isTrue();
      changed += Arrays.equals(out, row(input, r, IMAGE_SIZE)) ? 0 : 1;
    }
    assertThat(changed).isPositive();
  }

  @Test
  void flipsWithProbabilityOneAreExactAndZeroIsIdentity() {
    float[] input = images(2);
    float[] h = input.clone();
    float[] v = input.clone();
    aug(AugmentationType.HORIZONTAL_FLIP, Map.of("probability", 1.0))
        .apply(h, ROWS, IMAGE, new SplittableRandom(1));
    aug(AugmentationType.VERTICAL_FLIP, Map.of("probability", 1.0))
        .apply(v, ROWS, IMAGE, new SplittableRandom(1));
    int c = IMAGE[0];
    int hh = IMAGE[1];
    int w = IMAGE[2];
    for (int r = 0; r < ROWS; r++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < hh; y++) {
          for (int x = 0; x < w; x++) {
            int at = r * IMAGE_SIZE + (ch * hh + y) * w;
            assertThat(h[at + x]).isEqualTo(input[at + w - 1 - x]);
            int mirrored = r * IMAGE_SIZE + (ch * hh + hh - 1 - y) * w;
            assertThat(v[at + x]).isEqualTo(input[mirrored + x]);
          }
        }
      }
    }
    for (AugmentationType type :
        List.of(
            AugmentationType.HORIZONTAL_FLIP,
            AugmentationType.VERTICAL_FLIP,
            AugmentationType.CUTOUT)) {
      float[] same = input.clone();
      aug(type, Map.of("probability", 0.0)).apply(same, ROWS, IMAGE, new SplittableRandom(1));
      assertThat(same).as(type.jsonName()).containsExactly(input);
    }
  }

  @Test
  void cutoutErasesOneRectangleInEveryChannel() {
    float[] batch = new float[ROWS * IMAGE_SIZE];
    Arrays.fill(batch, 1f);
    aug(AugmentationType.CUTOUT, Map.of("probability", 1.0))
        .apply(batch, ROWS, IMAGE, new SplittableRandom(5));
    int plane = IMAGE[1] * IMAGE[2];
    for (int r = 0; r < ROWS; r++) {
      float[] first = Arrays.copyOfRange(batch, r * IMAGE_SIZE, r * IMAGE_SIZE + plane);
      int zeros = 0;
      int minY = Integer.MAX_VALUE;
      int maxY = -1;
      int minX = Integer.MAX_VALUE;
      int maxX = -1;
      for (int p = 0; p < plane; p++) {
        assertThat(first[p]).isIn(0f, 1f);
        if (first[p] == 0f) {
          zeros++;
          minY = Math.min(minY, p / IMAGE[2]);
          maxY = Math.max(maxY, p / IMAGE[2]);
          minX = Math.min(minX, p % IMAGE[2]);
          maxX = Math.max(maxX, p % IMAGE[2]);
        }
      }
      assertThat(zeros).isPositive().isEqualTo((maxY - minY + 1) * (maxX - minX + 1));
      for (int ch = 1; ch < IMAGE[0]; ch++) {
        int start = r * IMAGE_SIZE + ch * plane;
        assertThat(Arrays.copyOfRange(batch, start, start + plane)).containsExactly(first);
      }
    }
  }

  @Test
  void rotationByZeroIsIdentityAndByNinetyDegreesTurnsASquare() {
    float[] input = images(4);
    float[] same = input.clone();
    aug(AugmentationType.RANDOM_ROTATION, Map.of("degree", 0.0))
        .apply(same, ROWS, IMAGE, new SplittableRandom(2));
    assertThat(same).containsExactly(input);

    int n = 4;
    float[] square = new float[n * n];
    for (int i = 0; i < square.length; i++) {
      square[i] = i + 1;
    }
    float[] turned = square.clone();
    RandomRotation.rotate(turned, 0, 1, n, n, Math.PI / 2, new float[n * n]);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        // Counter-clockwise as displayed: output (y, x) comes from input (x, n−1−y).
        assertThat(turned[y * n + x]).isCloseTo(square[x * n + n - 1 - y], within(1e-4f));
      }
    }
    float[] rotated = input.clone();
    aug(AugmentationType.RANDOM_ROTATION, Map.of())
        .apply(rotated, ROWS, IMAGE, new SplittableRandom(2));
    assertThat(rotated).isNotEqualTo(input);
  }

  @Test
  void intensityUsesOneFactorPerSampleWithinTheClippedRange() {
    float[] batch = new float[ROWS * IMAGE_SIZE];
    Arrays.fill(batch, 1f);
    double scale = 0.3;
    aug(AugmentationType.INTENSITY, Map.of("scale", scale))
        .apply(batch, ROWS, IMAGE, new SplittableRandom(6));
    for (int r = 0; r < ROWS; r++) {
      float factor = batch[r * IMAGE_SIZE];
      assertThat((double) factor).isBetween(1 - 2 * scale - 1e-6, 1 + 2 * scale + 1e-6);
      assertThat(row(batch, r, IMAGE_SIZE)).containsOnly(factor);
    }
  }

  @Test
  void amplitudeScalingStaysInItsRange() {
    float[] single = new float[ROWS * 7];
    Arrays.fill(single, 2f);
    float[] multiple = single.clone();
    Map<String, Object> range = Map.of("minimum", 0.5, "maximum", 0.75);
    aug(AugmentationType.SINGLE_AMPLITUDE_SCALING, range)
        .apply(single, ROWS, VECTOR, new SplittableRandom(7));
    aug(AugmentationType.MULTIPLE_AMPLITUDE_SCALING, range)
        .apply(multiple, ROWS, VECTOR, new SplittableRandom(7));
    for (int r = 0; r < ROWS; r++) {
      float z = single[r * 7] / 2;
      assertThat(z).isBetween(0.5f, 0.75f);
      assertThat(row(single, r, 7)).containsOnly(single[r * 7]);
    }
    for (float v : multiple) {
      assertThat(v / 2).isBetween(0.5f, 0.75f);
    }
    assertThat(Arrays.stream(box(multiple)).distinct().count()).isGreaterThan(ROWS);
  }

  private static Float[] box(float[] x) {
    Float[] out = new Float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }

  @Test
  void colorJitterWithIdentityRangesIsIdentity() {
    float[] input = images(8);
    float[] batch = input.clone();
    aug(
            AugmentationType.COLOR_JITTER,
            Map.of(
                "brightness", List.of(1.0, 1.0),
                "contrast", List.of(1.0, 1.0),
                "saturation", List.of(1.0, 1.0),
                "hue", List.of(0.0, 0.0)))
        .apply(batch, ROWS, IMAGE, new SplittableRandom(9));
    assertThat(batch).containsExactly(input, within(1e-5f));

    float[] jittered = input.clone();
    aug(AugmentationType.COLOR_JITTER, Map.of())
        .apply(jittered, ROWS, IMAGE, new SplittableRandom(9));
    assertThat(jittered).isNotEqualTo(input);
    for (float v : jittered) {
      assertThat(Float.isFinite(v)).isTrue();
    }
    assertThatThrownBy(
            () ->
                aug(AugmentationType.COLOR_JITTER, Map.of())
                    .apply(new float[40], 1, new int[] {4, 2, 5}, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("color_jitter")
        .hasMessageContaining("divisible by 3");
  }

  @Test
  void hsvRoundTripRecoversColours() {
    double[] hsv = new double[3];
    float[] rgb = new float[3];
    float[][] colours = {{0.2f, 0.5f, 0.9f}, {1, 0, 0}, {0.3f, 0.3f, 0.3f}, {0.9f, 0.8f, 0.1f}};
    for (float[] colour : colours) {
      ColorJitter.toHsv(colour[0], colour[1], colour[2], hsv);
      ColorJitter.toRgb(hsv[0], hsv[1], hsv[2], rgb, 0, 1);
      assertThat(rgb).containsExactly(colour, within(1e-6f));
    }
  }

  @Test
  void pipelineAppliesAllMembersInOrderAndChecksKinds() {
    float[] input = images(10);
    float[] both = input.clone();
    AugmentationPipeline.of(
            List.of(
                new AugmentationSpec(AugmentationType.HORIZONTAL_FLIP, Map.of("probability", 1.0)),
                new AugmentationSpec(AugmentationType.VERTICAL_FLIP, Map.of("probability", 1.0))))
        .apply(both, ROWS, IMAGE, new SplittableRandom(1));
    for (int r = 0; r < ROWS; r++) {
      for (int ch = 0; ch < IMAGE[0]; ch++) {
        int plane = r * IMAGE_SIZE + ch * 30;
        for (int p = 0; p < 30; p++) {
          assertThat(both[plane + p]).isEqualTo(input[plane + 29 - p]);
        }
      }
    }
    AugmentationPipeline empty = AugmentationPipeline.of(List.of());
    float[] same = input.clone();
    empty.apply(same, ROWS, IMAGE, new SplittableRandom(1));
    assertThat(empty.isEmpty()).isTrue();
    assertThat(same).containsExactly(input);

    AugmentationPipeline images =
        AugmentationPipeline.of(List.of(AugmentationSpec.of(AugmentationType.RANDOM_SHIFT)));
    assertThatThrownBy(() -> images.apply(new float[14], 2, VECTOR, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("random_shift")
        .hasMessageContaining("[7]");
    AugmentationPipeline vectors =
        AugmentationPipeline.of(
            List.of(AugmentationSpec.of(AugmentationType.MULTIPLE_AMPLITUDE_SCALING)));
    assertThatThrownBy(() -> vectors.checkShape(IMAGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple_amplitude_scaling");
    assertThatThrownBy(() -> images.apply(new float[10], 1, IMAGE, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch holds 10");
  }

  @Test
  void sameSeedGivesTheSameResultAndPipelinesSerialise() throws Exception {
    List<AugmentationSpec> specs =
        Arrays.stream(AugmentationType.values())
            .filter(AugmentationType::forImages)
            .map(AugmentationSpec::of)
            .toList();
    AugmentationPipeline pipeline = AugmentationPipeline.of(specs);
    assertThat(pipeline.members()).hasSize(7);
    AugmentationPipeline copy = ObservationScalersTest.roundTrip(pipeline);
    float[] a = images(11);
    float[] b = a.clone();
    float[] c = a.clone();
    pipeline.apply(a, ROWS, IMAGE, new SplittableRandom(42));
    copy.apply(b, ROWS, IMAGE, new SplittableRandom(42));
    pipeline.apply(c, ROWS, IMAGE, new SplittableRandom(43));
    assertThat(b).containsExactly(a);
    assertThat(c).isNotEqualTo(a);
  }
}

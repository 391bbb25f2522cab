package io.sparkrl.core.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchMomentsTest {

  static float[] sample(Random random, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (5 * random.nextGaussian() - 2);
    }
    return out;
  }

  /** Two-pass mean and population std in double: the reference. */
  static double[] twoPass(float[] values) {
    double mean = 0;
    for (float v : values) {
      mean += v;
    }
    mean /= values.length;
    double squares = 0;
    for (float v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new double[] {mean, Math.sqrt(squares / values.length)};
  }

  @Test
  void singlePassMatchesTwoPass() {
    float[] values = sample(new Random(1), 500);
    BatchMoments moments = new BatchMoments().add(values);
    double[] expected = twoPass(values);
    assertThat(moments.count()).isEqualTo(500);
    assertThat(moments.mean()).isCloseTo(expected[0], within(1e-12));
    assertThat(moments.populationStd()).isCloseTo(expected[1], within(1e-12));
  }

  @Test
  void mergedPartitionsEqualOnePass() {
    Random random = new Random(2);
    float[] values = sample(random, 1000);
    int[] cuts = {0, 0, 1, 333, 334, 900, 1000, 1000};
    BatchMoments[] parts = new BatchMoments[cuts.length - 1];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new BatchMoments().add(Arrays.copyOfRange(values, cuts[p], cuts[p + 1]));
    }
    BatchMoments forward = new BatchMoments();
    for (BatchMoments part : parts) {
      forward.merge(part);
    }
    // A tree: ((p0 p1) (p2 p3)) ((p4 p5) p6), as treeAggregate might combine them.
    BatchMoments tree =
        new BatchMoments()
            .merge(parts[0])
            .merge(parts[1])
            .merge(new BatchMoments().merge(parts[2]).merge(parts[3]))
            .merge(
                new BatchMoments()
                    .merge(new BatchMoments().merge(parts[4]).merge(parts[5]))
                    .merge(parts[6]));
    BatchMoments single = new BatchMoments().add(values);

    for (BatchMoments merged : new BatchMoments[] {forward, tree}) {
      assertThat(merged.count()).isEqualTo(single.count());
      assertThat(merged.mean()).isCloseTo(single.mean(), within(1e-12));
      assertThat(merged.populationStd()).isCloseTo(single.populationStd(), within(1e-12));
    }
    assertThat(parts[0].count()).isZero(); // merging does not change its argument
    assertThat(parts[2].count()).isEqualTo(332);
  }

  @Test
  void addingReturnsAndBaselinesIsAddingTheirDifferences() {
    float[] returns = {4f, 1f, 7f};
    float[] baselines = {1f, 2f, 3f};
    BatchMoments moments = new BatchMoments().add(returns, baselines);
    double[] expected = twoPass(new float[] {3f, -1f, 4f});
    assertThat(moments.mean()).isCloseTo(expected[0], within(1e-12));
    assertThat(moments.populationStd()).isCloseTo(expected[1], within(1e-12));
  }

  @Test
  void oneOrEqualValuesHaveZeroSpread() {
    assertThat(new BatchMoments().add(new float[] {3f}).populationStd()).isZero();
    BatchMoments equal = new BatchMoments().add(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f});
    assertThat(equal.mean()).isEqualTo(0.1f, within(1e-12));
    assertThat(equal.populationStd()).isZero();
  }

  @Test
  void javaSerialisationRoundTripKeepsTheState() throws IOException, ClassNotFoundException {
    Random random = new Random(4);
    float[] first = sample(random, 50);
    float[] second = sample(random, 70);
    BatchMoments original = new BatchMoments().add(first);

    BatchMoments copy = roundTrip(original);

    assertThat(copy.count()).isEqualTo(original.count());
    assertThat(copy.mean()).isEqualTo(original.mean());
    assertThat(copy.populationStd()).isEqualTo(original.populationStd());
    copy.add(second);
    original.add(second);
    assertThat(copy.mean()).isEqualTo(original.mean());
    assertThat(copy.populationStd()).isEqualTo(original.populationStd());
    assertThat(roundTrip(new BatchMoments()).count()).isZero();
  }

  @Test
  void emptyMomentsRefuseToAnswer() {
    BatchMoments empty = new BatchMoments().add(new float[0]);
    assertThatThrownBy(empty::mean)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no advantages were added: the batch is empty");
    assertThatThrownBy(empty::populationStd).isInstanceOf(IllegalStateException.class);
    assertThat(empty.toString()).contains("count=0");
  }

  @Test
  void rejectsNonFiniteAdvantagesNamingTheIndex() {
    assertThatThrownBy(() -> new BatchMoments().add(new float[] {1f, 2f, Float.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advantage 2 is Infinity, not finite");
    assertThatThrownBy(() -> new BatchMoments().add(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 returns but 3 baselines");
  }

  private static BatchMoments roundTrip(BatchMoments moments)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(moments);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (BatchMoments) in.readObject();
    }
  }
}

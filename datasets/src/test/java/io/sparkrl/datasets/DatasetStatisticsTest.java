package io.sparkrl.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetStatisticsTest {

  private static final double TOLERANCE = 1e-9;

  @Test
  void vectorStatisticsMatchADirectComputation() {
    List<Episode> episodes = TestEpisodes.vectors(1, 25, 30, 3, 4, false);
    DatasetStatistics stats = new DatasetStatistics(ObservationShape.vector(3), 4);
    episodes.forEach(stats::add);

    for (int j = 0; j < 3; j++) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      long n = 0;
      for (Episode e : episodes) {
        for (int t = 0; t < e.length(); t++) {
          double v = e.observation(t, j);
          sum += v;
          min = Math.min(min, v);
          max = Math.max(max, v);
          n++;
        }
      }
      double mean = sum / n;
      double sq = 0;
      for (Episode e : episodes) {
        for (int t = 0; t < e.length(); t++) {
          sq += (e.observation(t, j) - mean) * (e.observation(t, j) - mean);
        }
      }
      DatasetManifest.FeatureStatistics obs = stats.observationStatistics();
      assertThat(obs.mean().get(j)).isCloseTo(mean, within(TOLERANCE));
      assertThat(obs.std().get(j)).isCloseTo(Math.sqrt(sq / n), within(TOLERANCE));
      assertThat(obs.min().get(j)).isEqualTo(min);
      assertThat(obs.max().get(j)).isEqualTo(max);
    }

    long[] counts = new long[4];
    double[] returns = new double[episodes.size()];
    long rows = 0;
    long transitions = 0;
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      int last = e.end() == EndKind.TERMINAL ? e.length() : e.length() - 1;
      for (int t = 0; t < last; t++) {
        counts[e.action(t)]++;
        returns[i] += e.reward(t);
      }
      rows += e.length();
      transitions += last;
    }
    double retMean = Arrays.stream(returns).average().orElseThrow();
    double retVar =
        Arrays.stream(returns).map(r -> (r - retMean) * (r - retMean)).sum() / returns.length;
    DatasetManifest.ScalarStatistics ret = stats.returnStatistics();
    assertThat(ret.mean()).isCloseTo(retMean, within(TOLERANCE));
    assertThat(ret.std()).isCloseTo(Math.sqrt(retVar), within(TOLERANCE));
    assertThat(ret.min()).isEqualTo(Arrays.stream(returns).min().orElseThrow());
    assertThat(ret.max()).isEqualTo(Arrays.stream(returns).max().orElseThrow());
    assertThat(stats.actionCounts()).containsExactly(counts);
    assertThat(stats.episodes()).isEqualTo(25);
    assertThat(stats.rows()).isEqualTo(rows);
    assertThat(stats.transitions()).isEqualTo(transitions);
  }

  @Test
  void mergingPartialResultsEqualsAddingEverything() {
    List<Episode> episodes = TestEpisodes.vectors(2, 40, 20, 5, 3, true);
    DatasetStatistics all = new DatasetStatistics(ObservationShape.vector(5), 3);
    episodes.forEach(all::add);

    DatasetStatistics a = new DatasetStatistics(ObservationShape.vector(5), 3);
    DatasetStatistics b = new DatasetStatistics(ObservationShape.vector(5), 3);
    DatasetStatistics empty = new DatasetStatistics(ObservationShape.vector(5), 3);
    for (int i = 0; i < episodes.size(); i++) {
      (i % 3 == 0 ? a : b).add(episodes.get(i));
    }
    DatasetStatistics merged = empty.merge(a).merge(b);

    assertManifestsClose(merged.toManifest("string"), all.toManifest("string"));
  }

  @Test
  void imageStatisticsAreOneOverallValue() {
    ObservationShape shape = ObservationShape.image(2, 3, 4);
    Random random = new Random(3);
    Episode e1 = TestEpisodes.image(random, "a", 5, shape, 2, false, EndKind.TERMINAL);
    Episode e2 = TestEpisodes.image(random, "b", 3, shape, 2, false, EndKind.TIMEOUT);
    DatasetStatistics stats =
        new DatasetStatistics(shape, 2).add(e1).merge(new DatasetStatistics(shape, 2).add(e2));

    double sum = 0;
    long n = 0;
    for (Episode e : List.of(e1, e2)) {
      for (byte b : e.imageData()) {
        sum += b & 0xFF;
        n++;
      }
    }
    double mean = sum / n;
    double sq = 0;
    for (Episode e : List.of(e1, e2)) {
      for (byte b : e.imageData()) {
        sq += ((b & 0xFF) - mean) * ((b & 0xFF) - mean);
      }
    }
    DatasetManifest.FeatureStatistics obs = stats.observationStatistics();
    assertThat(obs.mean()).hasSize(1);
    assertThat(obs.mean().get(0)).isCloseTo(mean, within(TOLERANCE));
    assertThat(obs.std().get(0)).isCloseTo(Math.sqrt(sq / n), within(TOLERANCE));
    assertThat(stats.toManifest("string").observationDtype()).isEqualTo("uint8");
  }

  @Test
  void largeOffsetsDoNotCancel() {
    // Values 1e9 + {0, 1}: a naive sum of squares loses the variance entirely in double.
    float[] obs = {1e9f, 1e9f + 64, 1e9f, 1e9f + 64};
    Episode e = Episode.ofVectors("x", 1, obs, new int[4], new float[4], null, EndKind.TERMINAL);
    DatasetStatistics stats = new DatasetStatistics(ObservationShape.vector(1), 1);
    stats.merge(new DatasetStatistics(ObservationShape.vector(1), 1).add(e)).add(e);
    assertThat(stats.observationStatistics().std().get(0)).isCloseTo(32.0, within(1e-6));
  }

  @Test
  void rejectsOutOfRangeActionsAndMismatchedMerges() {
    Episode e =
        Episode.ofVectors(
            "e7", 1, new float[2], new int[] {0, 5}, new float[2], null, EndKind.TERMINAL);
    DatasetStatistics stats = new DatasetStatistics(ObservationShape.vector(1), 2);
    assertThatThrownBy(() -> stats.add(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode e7, step 1: action 5 is outside [0, 2)");
    assertThat(stats.episodes()).isZero();
    assertThatThrownBy(() -> stats.merge(new DatasetStatistics(ObservationShape.vector(2), 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void survivesJavaSerialisation() throws Exception {
    DatasetStatistics stats = new DatasetStatistics(ObservationShape.vector(2), 3);
    TestEpisodes.vectors(4, 5, 10, 2, 3, false).forEach(stats::add);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(stats);
    }
    DatasetStatistics copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (DatasetStatistics) in.readObject();
    }
    assertThat(copy.toManifest("int64")).isEqualTo(stats.toManifest("int64"));
  }

  static void assertManifestsClose(DatasetManifest actual, DatasetManifest expected) {
    assertThat(actual.episodes()).isEqualTo(expected.episodes());
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.transitions()).isEqualTo(expected.transitions());
    assertThat(actual.actionCounts()).isEqualTo(expected.actionCounts());
    DatasetManifest.FeatureStatistics a = actual.observationStatistics();
    DatasetManifest.FeatureStatistics e = expected.observationStatistics();
    for (int j = 0; j < e.mean().size(); j++) {
      assertThat(a.mean().get(j)).isCloseTo(e.mean().get(j), within(TOLERANCE));
      assertThat(a.std().get(j)).isCloseTo(e.std().get(j), within(TOLERANCE));
      assertThat(a.min().get(j)).isEqualTo(e.min().get(j));
      assertThat(a.max().get(j)).isEqualTo(e.max().get(j));
    }
    DatasetManifest.ScalarStatistics ar = actual.returnStatistics();
    DatasetManifest.ScalarStatistics er = expected.returnStatistics();
    assertThat(ar.mean()).isCloseTo(er.mean(), within(TOLERANCE));
    assertThat(ar.std()).isCloseTo(er.std(), within(TOLERANCE));
    assertThat(ar.min()).isEqualTo(er.min());
    assertThat(ar.max()).isEqualTo(er.max());
  }
}

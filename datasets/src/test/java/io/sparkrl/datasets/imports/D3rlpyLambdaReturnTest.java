package io.sparkrl.datasets.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imported rows, read as TERMINAL episodes with the backward TD(λ) recursion, give every
 * transition the λ-return d3rlpy v0.23 computes forward from the raw HDF5 arrays (docs/design.md
 * §1.4).
 */
class D3rlpyLambdaReturnTest {

  private static final double GAMMA = 0.9;
  private static final double LAMBDA = 0.7;
  private static final int FEATURES = 3;

  @TempDir Path dir;

  /** A fixed value function: V(s) = 0.1 · Σ s. */
  private static double value(double[] s) {
    double sum = 0;
    for (double v : s) {
      sum += v;
    }
    return 0.1 * sum;
  }

  private static double value(float[] s) {
    double sum = 0;
    for (float v : s) {
      sum += v;
    }
    return 0.1 * sum;
  }

  /**
   * d3rlpy's forward λ-return of transition t of the episode starting at file index head with n
   * observations: n-step returns G_k = R_k + γ^{k+1} V(s_{t+k+1}) (1 − term_k), mixed as (1−λ)
   * Σ_{k<K−1} λ^k G_k + λ^{K−1} G_{K−1}, with next_reward(t+j) = rewards[head + t + j + 1].
   */
  private static double d3rlpyReturn(double[][] obs, double[] rewards, int head, int n, int t) {
    int count = n - 1 - t; // K: transitions from t to the episode end
    double partial = 0;
    double mixed = 0;
    for (int k = 0; k < count; k++) {
      int next = head + t + k + 1;
      partial += Math.pow(GAMMA, k) * rewards[next];
      boolean terminal = t + k == n - 2;
      double nStep = partial + Math.pow(GAMMA, k + 1) * value(obs[next]) * (terminal ? 0 : 1);
      mixed +=
          k < count - 1 ? (1 - LAMBDA) * Math.pow(LAMBDA, k) * nStep : Math.pow(LAMBDA, k) * nStep;
    }
    return mixed;
  }

  /** The backward recursion docs/design.md §1 prescribes, over an Episode's own rows. */
  private static double[] backwardReturns(Episode episode) {
    double[] g = new double[episode.transitionCount()];
    for (int t = g.length - 1; t >= 0; t--) {
      g[t] = episode.reward(t);
      if (!episode.isTerminal(t)) {
        double next = value(episode.observation(t + 1));
        g[t] += GAMMA * ((1 - LAMBDA) * next + LAMBDA * g[t + 1]);
      }
    }
    return g;
  }

  @Test
  void importedReturnsEqualD3rlpysForwardReturns() {
    Random random = new Random(20240517);
    int n = 80;
    double[][] obs = new double[n][FEATURES];
    double[] rewards = new double[n];
    long[] actions = new long[n];
    long[] terminals = new long[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < FEATURES; j++) {
        obs[i][j] = random.nextGaussian();
      }
      rewards[i] = random.nextGaussian();
      actions[i] = random.nextInt(4);
      terminals[i] = random.nextDouble() < 0.15 ? 1 : 0;
    }
    terminals[20] = 1;
    terminals[21] = 1; // a single-observation episode
    terminals[n - 4] = 1; // three trailing rows
    for (int i = n - 3; i < n; i++) {
      terminals[i] = 0;
    }
    Path file = Hdf5Fixture.d3rlpy(obs, actions, rewards, terminals).write(dir.resolve("td.h5"));

    Map<String, List<EpisodeRow>> byEpisode = new LinkedHashMap<>();
    ImportReport report;
    // blocks of 2 observations, so reads cross block boundaries inside episodes
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file, 2 * FEATURES)) {
      importer
          .rows()
          .forEachRemaining(
              r -> byEpisode.computeIfAbsent(r.episodeId(), id -> new ArrayList<>()).add(r));
      report = importer.report();
    }
    assertThat(report.trailingRowsAfterLastTerminal()).isEqualTo(3);
    assertThat(report.singleObservationEpisodes()).isGreaterThanOrEqualTo(1);

    int head = 0;
    int episodeIndex = 0;
    int checked = 0;
    for (int end = 0; end < n; end++) {
      if (terminals[end] == 0) {
        continue;
      }
      int length = end - head + 1;
      List<EpisodeRow> rows = byEpisode.remove(Integer.toString(episodeIndex));
      if (length == 1) {
        assertThat(rows).isNull();
      } else {
        double[] imported = backwardReturns(toEpisode(rows));
        assertThat(imported).hasSize(length - 1);
        for (int t = 0; t < length - 1; t++) {
          assertThat(imported[t])
              .as("episode %d, transition %d", episodeIndex, t)
              .isCloseTo(d3rlpyReturn(obs, rewards, head, length, t), within(1e-5));
          checked++;
        }
      }
      head = end + 1;
      episodeIndex++;
    }
    assertThat(byEpisode).isEmpty();
    assertThat((long) checked).isEqualTo(report.rows()).isGreaterThan(40);
  }

  private static Episode toEpisode(List<EpisodeRow> rows) {
    float[] flat = new float[rows.size() * FEATURES];
    int[] actions = new int[rows.size()];
    float[] rewards = new float[rows.size()];
    for (int t = 0; t < rows.size(); t++) {
      EpisodeRow row = rows.get(t);
      assertThat(row.step()).isEqualTo(t);
      assertThat(row.terminal()).isEqualTo(t == rows.size() - 1);
      System.arraycopy(row.vector(), 0, flat, t * FEATURES, FEATURES);
      actions[t] = row.action();
      rewards[t] = row.reward();
    }
    return Episode.ofVectors(
        rows.get(0).episodeId(), FEATURES, flat, actions, rewards, null, EndKind.TERMINAL);
  }
}

package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.EpisodeRow;
import java.util.ArrayList;
import java.util.List;

/** Builds episode rows for tests: two-feature vectors, two actions. */
final class TestRows {

  static final String FILE = "part-00003.parquet";
  static final DatasetExpectations EXP = DatasetExpectations.ofVectors(2, 2);

  private TestRows() {}

  /** A plain valid-looking middle row of episode {@code id}. */
  static EpisodeRow row(String id, long step) {
    return new EpisodeRow(
        FILE, id, step, vector(step), null, (int) (step % 2), step, false, false, Float.NaN);
  }

  static EpisodeRow withAction(EpisodeRow r, int action) {
    return new EpisodeRow(
        r.source(),
        r.episodeId(),
        r.step(),
        r.vector(),
        r.image(),
        action,
        r.reward(),
        r.terminal(),
        r.timeout(),
        r.actionProb());
  }

  static EpisodeRow withReward(EpisodeRow r, float reward) {
    return new EpisodeRow(
        r.source(),
        r.episodeId(),
        r.step(),
        r.vector(),
        r.image(),
        r.action(),
        reward,
        r.terminal(),
        r.timeout(),
        r.actionProb());
  }

  static EpisodeRow withProb(EpisodeRow r, float prob) {
    return new EpisodeRow(
        r.source(),
        r.episodeId(),
        r.step(),
        r.vector(),
        r.image(),
        r.action(),
        r.reward(),
        r.terminal(),
        r.timeout(),
        prob);
  }

  static EpisodeRow withObservation(EpisodeRow r, float[] vector, byte[] image) {
    return new EpisodeRow(
        r.source(),
        r.episodeId(),
        r.step(),
        vector,
        image,
        r.action(),
        r.reward(),
        r.terminal(),
        r.timeout(),
        r.actionProb());
  }

  static EpisodeRow withFlags(EpisodeRow r, boolean terminal, boolean timeout) {
    return new EpisodeRow(
        r.source(),
        r.episodeId(),
        r.step(),
        r.vector(),
        r.image(),
        r.action(),
        r.reward(),
        terminal,
        timeout,
        r.actionProb());
  }

  /** Observation of step t: {t, -t}. */
  static float[] vector(long step) {
    return new float[] {step, -step};
  }

  /** A valid episode of {@code n} rows ending as {@code end}, in step order. */
  static List<EpisodeRow> episode(String id, int n, EndKind end) {
    List<EpisodeRow> rows = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      rows.add(row(id, t));
    }
    EpisodeRow last = rows.get(n - 1);
    rows.set(n - 1, withFlags(last, end == EndKind.TERMINAL, end == EndKind.TIMEOUT));
    return rows;
  }
}

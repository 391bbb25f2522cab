package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import java.util.Iterator;
import java.util.List;

/**
 * Builds {@link Episode}s from rows: {@link #assemble} turns one validated episode's rows into an
 * episode, {@link #group} splits a row stream into per-episode groups first.
 */
public final class EpisodeAssembler {

  private EpisodeAssembler() {}

  /**
   * Groups a row stream into episodes, holding only the open ones in memory; see {@link
   * EpisodeGrouper}.
   */
  public static EpisodeGrouper group(Iterator<EpisodeRow> rows) {
    return new EpisodeGrouper(rows);
  }

  /**
   * Builds the episode from rows that passed {@link EpisodeRules#checkRow} and {@link
   * EpisodeRules#checkEpisode}: vector or image observations as {@code shape} says, action
   * probabilities when every row has one (else none), and the end kind from the last row.
   *
   * @param rowsSortedByStep the episode's rows, steps 0..n−1 in order
   * @param shape the dataset's observation shape
   * @throws IllegalArgumentException if the rows were not valid (empty, wrong observation kind or
   *     size, or no end flag on the last row)
   */
  public static Episode assemble(List<EpisodeRow> rowsSortedByStep, ObservationShape shape) {
    if (rowsSortedByStep.isEmpty()) {
      throw new IllegalArgumentException("an episode has at least one row");
    }
    int n = rowsSortedByStep.size();
    EpisodeRow last = rowsSortedByStep.get(n - 1);
    String id = last.episodeId();
    int size = shape.size();
    int[] actions = new int[n];
    float[] rewards = new float[n];
    float[] probs = new float[n];
    boolean allProbs = true;
    float[] vectors = shape.isImage() ? null : new float[n * size];
    byte[] images = shape.isImage() ? new byte[n * size] : null;
    for (int t = 0; t < n; t++) {
      EpisodeRow row = rowsSortedByStep.get(t);
      Object observation = shape.isImage() ? row.image() : row.vector();
      if (observation == null || row.observationLength() != size) {
        throw new IllegalArgumentException(
            "episode " + id + ", step " + row.step() + ": observation does not match " + shape);
      }
      System.arraycopy(observation, 0, shape.isImage() ? images : vectors, t * size, size);
      actions[t] = row.action();
      rewards[t] = row.reward();
      probs[t] = row.actionProb();
      allProbs &= !Float.isNaN(probs[t]);
    }
    EndKind end = endKind(last);
    float[] actionProbs = allProbs ? probs : null;
    return shape.isImage()
        ? Episode.ofImages(id, shape, images, actions, rewards, actionProbs, end)
        : Episode.ofVectors(id, size, vectors, actions, rewards, actionProbs, end);
  }

  private static EndKind endKind(EpisodeRow last) {
    if (last.terminal() == last.timeout()) {
      throw new IllegalArgumentException(
          "episode "
              + last.episodeId()
              + ", step "
              + last.step()
              + ": the last row must carry exactly one of terminal and timeout");
    }
    return last.terminal() ? EndKind.TERMINAL : EndKind.TIMEOUT;
  }
}

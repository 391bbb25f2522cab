package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Test-only, deliberately simple: groups consecutive rows by episode id back into episodes,
 * checking that steps run 0, 1, 2, … so the writer's ordering is verified too.
 */
final class RowsToEpisodes {

  private RowsToEpisodes() {}

  static List<EpisodeRow> readAll(EpisodeParquetReader reader) {
    List<EpisodeRow> rows = new ArrayList<>();
    reader.forEachRemaining(rows::add);
    return rows;
  }

  static List<Episode> assemble(Iterator<EpisodeRow> rows, ObservationShape shape) {
    List<Episode> episodes = new ArrayList<>();
    List<EpisodeRow> current = new ArrayList<>();
    while (rows.hasNext()) {
      EpisodeRow row = rows.next();
      if (!current.isEmpty() && !current.get(0).episodeId().equals(row.episodeId())) {
        episodes.add(toEpisode(current, shape));
        current.clear();
      }
      current.add(row);
    }
    if (!current.isEmpty()) {
      episodes.add(toEpisode(current, shape));
    }
    return episodes;
  }

  private static Episode toEpisode(List<EpisodeRow> rows, ObservationShape shape) {
    int n = rows.size();
    int size = shape.size();
    float[] vectors = shape.isImage() ? null : new float[n * size];
    byte[] images = shape.isImage() ? new byte[n * size] : null;
    int[] actions = new int[n];
    float[] rewards = new float[n];
    float[] probs = new float[n];
    boolean anyProb = false;
    for (int t = 0; t < n; t++) {
      EpisodeRow row = rows.get(t);
      if (row.step() != t) {
        throw new AssertionError(
            "episode " + row.episodeId() + ": row " + t + " has step " + row.step());
      }
      if (shape.isImage()) {
        System.arraycopy(row.image(), 0, images, t * size, size);
      } else {
        System.arraycopy(row.vector(), 0, vectors, t * size, size);
      }
      actions[t] = row.action();
      rewards[t] = row.reward();
      probs[t] = row.actionProb();
      anyProb |= !Float.isNaN(row.actionProb());
    }
    EpisodeRow last = rows.get(n - 1);
    EndKind end = last.terminal() ? EndKind.TERMINAL : EndKind.TIMEOUT;
    String id = last.episodeId();
    float[] actionProbs = anyProb ? probs : null;
    return shape.isImage()
        ? Episode.ofImages(id, shape, images, actions, rewards, actionProbs, end)
        : Episode.ofVectors(id, size, vectors, actions, rewards, actionProbs, end);
  }
}

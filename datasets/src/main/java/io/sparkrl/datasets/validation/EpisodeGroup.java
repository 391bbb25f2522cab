package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.EpisodeRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * All rows read for one episode id, as handed on by {@link EpisodeGrouper}.
 *
 * @param episodeId the episode id as read
 * @param rows the rows in the order read; never empty
 * @param earlierLastStep null for a normal group; for rows that arrived after an episode with the
 *     same id had already been handed on complete, that episode's last step (these late rows are
 *     checked with {@link EpisodeRules#checkLateRows}, never accepted)
 */
public record EpisodeGroup(String episodeId, List<EpisodeRow> rows, Long earlierLastStep) {

  public EpisodeGroup {
    if (rows == null || rows.isEmpty()) {
      throw new IllegalArgumentException("episode " + episodeId + ": a group has at least one row");
    }
    rows = List.copyOf(rows);
  }

  /** True for rows that arrived after their episode had already been handed on. */
  public boolean isLate() {
    return earlierLastStep != null;
  }

  /** The rows sorted by step; rows with equal steps keep the order they were read in. */
  public List<EpisodeRow> sortedByStep() {
    List<EpisodeRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(EpisodeRow::step));
    return sorted;
  }
}

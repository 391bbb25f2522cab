package io.sparkrl.spark.data;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.validation.ValidationError;
import java.util.ArrayList;
import java.util.List;

/**
 * One episode after validation on an executor: either accepted (an assembled {@link Episode}) or
 * rejected (every row as read, with the errors). Travels through Kryo only (when a cached partition
 * spills): {@link Episode} is not Java-serialisable, and the lists are plain {@link ArrayList}s.
 */
public final class ValidatedEpisode {

  private final Episode episode;
  private final String rejectedId;
  private final ArrayList<EpisodeRow> rejectedRows;
  private final ArrayList<ValidationError> errors;

  private ValidatedEpisode(
      Episode episode, String rejectedId, List<EpisodeRow> rows, List<ValidationError> errors) {
    this.episode = episode;
    this.rejectedId = rejectedId;
    this.rejectedRows = rows == null ? null : new ArrayList<>(rows);
    this.errors = errors == null ? null : new ArrayList<>(errors);
  }

  /** An accepted episode. */
  public static ValidatedEpisode accepted(Episode episode) {
    return new ValidatedEpisode(episode, null, null, null);
  }

  /**
   * A rejected episode.
   *
   * @param id the episode id as read
   * @param rows every row read for it
   * @param errors why it was rejected, at least one
   */
  public static ValidatedEpisode rejected(
      String id, List<EpisodeRow> rows, List<ValidationError> errors) {
    if (errors == null || errors.isEmpty()) {
      throw new IllegalArgumentException("episode " + id + ": a rejection needs an error");
    }
    return new ValidatedEpisode(null, id, rows, errors);
  }

  /** True if the episode passed every rule. */
  public boolean isAccepted() {
    return episode != null;
  }

  /** The accepted episode, or null. */
  public Episode episode() {
    return episode;
  }

  /** The id of the episode (accepted or rejected). */
  public String id() {
    return episode != null ? episode.id() : rejectedId;
  }

  /** Rows read for it: the episode's length, or the rejected rows. */
  public int rowCount() {
    return episode != null ? episode.length() : rejectedRows.size();
  }

  /** A rejected episode's rows as read; empty for an accepted one. */
  public List<EpisodeRow> rejectedRows() {
    return rejectedRows == null ? List.of() : rejectedRows;
  }

  /** A rejected episode's errors; empty for an accepted one. */
  public List<ValidationError> errors() {
    return errors == null ? List.of() : errors;
  }
}

package io.sparkrl.datasets;

import io.sparkrl.datasets.validation.ValidationError;
import java.io.IOException;
import java.util.List;

/**
 * Where quarantine mode puts each rejected episode: all of its rows as read, with the reasons it
 * was rejected. Nothing rejected is dropped silently.
 */
public interface RejectedEpisodeSink extends AutoCloseable {

  /**
   * Takes one rejected episode.
   *
   * @param episodeId the episode's id as read
   * @param rows every row read for it, in the order read
   * @param errors why it was rejected, at least one
   */
  void reject(String episodeId, List<EpisodeRow> rows, List<ValidationError> errors)
      throws IOException;

  @Override
  void close() throws IOException;
}

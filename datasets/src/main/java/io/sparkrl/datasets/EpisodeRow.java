package io.sparkrl.datasets;

/**
 * One row of an episode table as read, before validation: exactly one of {@code vector} and {@code
 * image} is set. {@code source} names where it came from (a part file) for error messages; {@code
 * actionProb} is NaN where the column is absent.
 */
public record EpisodeRow(
    String source,
    String episodeId,
    long step,
    float[] vector,
    byte[] image,
    int action,
    float reward,
    boolean terminal,
    boolean timeout,
    float actionProb)
    implements java.io.Serializable {

  /** Values in this row's observation. */
  public int observationLength() {
    return vector != null ? vector.length : image.length;
  }
}

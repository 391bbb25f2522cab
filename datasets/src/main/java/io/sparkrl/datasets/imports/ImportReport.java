package io.sparkrl.datasets.imports;

/**
 * What an import produced and what the source format itself leaves out, so that nothing is lost
 * silently. For a d3rlpy HDF5 file: observations after the last terminal form no episode in d3rlpy
 * either, and an episode of a single observation has no transition.
 *
 * @param source the imported file's name
 * @param episodes episodes imported (each with at least one row)
 * @param rows rows imported over all episodes
 * @param trailingRowsAfterLastTerminal source rows after the last terminal flag, not imported
 * @param singleObservationEpisodes episodes of one observation, which have no transition and give
 *     no row
 */
public record ImportReport(
    String source,
    long episodes,
    long rows,
    long trailingRowsAfterLastTerminal,
    long singleObservationEpisodes) {

  /** True if some source rows were not imported (trailing or single-observation). */
  public boolean hasSkippedData() {
    return trailingRowsAfterLastTerminal > 0 || singleObservationEpisodes > 0;
  }

  /** One line for logs and provenance, e.g. "d.h5: imported 3 episodes (41 rows); ...". */
  public String summary() {
    StringBuilder s =
        new StringBuilder(source)
            .append(": imported ")
            .append(episodes)
            .append(episodes == 1 ? " episode (" : " episodes (")
            .append(rows)
            .append(rows == 1 ? " row)" : " rows)");
    if (singleObservationEpisodes > 0) {
      s.append("; skipped ")
          .append(singleObservationEpisodes)
          .append(" single-observation episode(s), which have no transition");
    }
    if (trailingRowsAfterLastTerminal > 0) {
      s.append("; not imported: ")
          .append(trailingRowsAfterLastTerminal)
          .append(" row(s) after the last terminal, which form no episode (d3rlpy drops them too)");
    }
    return s.toString();
  }
}

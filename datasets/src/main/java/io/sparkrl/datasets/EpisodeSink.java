package io.sparkrl.datasets;

import java.io.IOException;

/** Where validated episodes go: a Parquet dataset, a list in a test, the algorithm. */
public interface EpisodeSink extends AutoCloseable {

  /** Takes one episode; the sink may keep a reference to it. */
  void accept(Episode episode) throws IOException;

  /** Finishes the output (e.g. writes the manifest). Accepting after close is an error. */
  @Override
  void close() throws IOException;
}

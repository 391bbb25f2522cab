package io.sparkrl.datasets;

import java.io.IOException;
import java.util.function.Consumer;

/** Where validated episodes go: a Parquet dataset, a list in a test, the algorithm. */
public interface EpisodeSink extends AutoCloseable {

  /** Takes one episode; the sink may keep a reference to it. */
  void accept(Episode episode) throws IOException;

  /** Finishes the output (e.g. writes the manifest). Accepting after close is an error. */
  @Override
  void close() throws IOException;

  /** A sink that hands each episode to {@code consumer} and has nothing to finish. */
  static EpisodeSink of(Consumer<Episode> consumer) {
    return new EpisodeSink() {
      @Override
      public void accept(Episode episode) {
        consumer.accept(episode);
      }

      @Override
      public void close() {}
    };
  }
}

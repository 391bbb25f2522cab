package io.sparkrl.core.train;

import io.sparkrl.core.algo.NetworkState;
import java.io.IOException;

/**
 * How the workers of a group agree on a network after each period: every active worker calls {@link
 * #average} with its state of the network the period's phase trained, in the same order, and each
 * receives the {@link TreeMean} of all of them (parameters and momentum buffers alike).
 */
public interface Exchange extends AutoCloseable {

  /**
   * The mean of every active worker's state after {@code period}.
   *
   * @param mine this worker's state
   * @param period the period just run (the same on every worker)
   * @return the mean, the same floats on every worker
   * @throws IOException if a peer cannot be reached or the group was abandoned
   */
  NetworkState average(NetworkState mine, Period period) throws IOException;

  @Override
  void close() throws IOException;

  /** The exchange of a group with one worker: its state is the mean. */
  static Exchange alone() {
    return new Exchange() {
      @Override
      public NetworkState average(NetworkState mine, Period period) {
        return mine;
      }

      @Override
      public void close() {}
    };
  }
}

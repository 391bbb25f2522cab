package io.sparkrl.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.train.Period;
import io.sparkrl.core.train.Phase;
import io.sparkrl.core.train.TreeMean;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The TCP exchange computes {@link TreeMean}'s floats exactly, for groups of every shape. */
class TreeExchangeTest {

  private static final Period PERIOD = new Period(Phase.CRITIC, 0, 1);

  @Test
  void everyWorkerGetsTheTreeMeanOfEveryRoundForManyGroupSizes() throws Exception {
    try (RendezvousServer server = RendezvousServer.start("127.0.0.1", 0, "secret")) {
      for (int k : new int[] {2, 3, 5, 8}) {
        int rounds = 5;
        // round r, worker w: its own random state; lengths grow, shrink and come back (a reused
        // partial-sum buffer must not carry a sum over)
        float[][][] params = new float[rounds][k][];
        float[][][] momenta = new float[rounds][k][];
        SplittableRandom random = new SplittableRandom(k);
        for (int r = 0; r < rounds; r++) {
          int n = new int[] {20, 5, 20, 33, 20}[r];
          for (int w = 0; w < k; w++) {
            params[r][w] = randoms(random, n);
            momenta[r][w] = randoms(random, n + 1);
          }
        }
        ExecutorService pool = Executors.newFixedThreadPool(k);
        List<Future<List<NetworkState>>> futures = new ArrayList<>();
        for (int w = 0; w < k; w++) {
          int rank = w;
          int size = k;
          futures.add(
              pool.submit(
                  () -> {
                    List<NetworkState> means = new ArrayList<>();
                    try (TreeExchange e =
                        TreeExchange.join(
                            server.address(),
                            "group-" + size,
                            rank,
                            size,
                            "127.0.0.1",
                            () -> false,
                            Duration.ofSeconds(30))) {
                      for (int r = 0; r < rounds; r++) {
                        means.add(
                            e.average(new NetworkState(params[r][rank], momenta[r][rank]), PERIOD));
                      }
                    }
                    return means;
                  }));
        }
        for (Future<List<NetworkState>> f : futures) {
          List<NetworkState> means = f.get();
          for (int r = 0; r < rounds; r++) {
            assertThat(means.get(r).params()).containsExactly(TreeMean.mean(List.of(params[r])));
            assertThat(means.get(r).updaterState())
                .containsExactly(TreeMean.mean(List.of(momenta[r])));
          }
        }
        pool.shutdown();
      }
    }
  }

  @Test
  void aKilledTaskStopsWaitingForAPeerThatNeverComes() throws Exception {
    try (RendezvousServer server = RendezvousServer.start("127.0.0.1", 0, "secret")) {
      AtomicBoolean killed = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<TreeExchange> alone =
          pool.submit(
              () ->
                  TreeExchange.join(
                      server.address(),
                      "lonely",
                      0,
                      2,
                      "127.0.0.1",
                      killed::get,
                      Duration.ofMinutes(5)));
      Thread.sleep(300);
      killed.set(true);
      long t0 = System.nanoTime();
      assertThatThrownBy(alone::get).hasRootCauseInstanceOf(IOException.class);
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
      pool.shutdown();
    }
  }

  @Test
  void aRegistrationWithoutTheRunsTokenIsDropped() throws Exception {
    try (RendezvousServer server = RendezvousServer.start("127.0.0.1", 0, "secret");
        Socket s = new Socket("127.0.0.1", server.address().port())) {
      ExchangeWire wire = new ExchangeWire(s, () -> false, Duration.ofSeconds(10));
      wire.writeString("wrong");
      wire.writeString("group");
      wire.writeInt(0);
      wire.writeInt(1);
      wire.writeString("127.0.0.1");
      wire.writeInt(1);
      wire.flush();
      assertThatThrownBy(wire::readString)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("closed the connection");
    }
  }

  private static float[] randoms(SplittableRandom random, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-6, 6)));
    }
    return out;
  }
}

package io.sparkrl.bench;

import static io.sparkrl.bench.BenchmarkSupport.median;
import static io.sparkrl.bench.BenchmarkSupport.stats;

import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.train.Exchange;
import io.sparkrl.core.train.Period;
import io.sparkrl.core.train.Phase;
import io.sparkrl.spark.train.RendezvousServer;
import io.sparkrl.spark.train.TreeExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cost of one synchronisation of the barrier exchange alone, without SGD steps: K threads of
 * this JVM join a {@link TreeExchange} over loopback TCP and average a network state of N floats
 * (parameters plus momentum) ROUNDS times; the time per round of the slowest worker. One JSON
 * object per (K, N) on stdout.
 *
 * <pre>
 *   ExchangeBenchmark WORKERS(comma-separated) FLOATS(comma-separated) ROUNDS REPEATS
 * </pre>
 */
public final class ExchangeBenchmark {

  private ExchangeBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ExchangeBenchmark WORKERS FLOATS ROUNDS REPEATS");
      System.exit(2);
    }
    int rounds = Integer.parseInt(args[2]);
    int repeats = Integer.parseInt(args[3]);
    try (RendezvousServer server =
        RendezvousServer.start("127.0.0.1", 0, UUID.randomUUID().toString())) {
      for (String k : args[0].split(",")) {
        for (String n : args[1].split(",")) {
          int workers = Integer.parseInt(k.trim());
          int floats = Integer.parseInt(n.trim());
          double[] perRound = new double[repeats];
          for (int r = 0; r < repeats; r++) {
            perRound[r] = run(server, workers, floats, rounds, "k" + k + "-n" + n + "-r" + r);
          }
          System.out.printf(
              Locale.ROOT,
              "{\"benchmark\":\"exchange\",\"workers\":%d,\"floats\":%d,\"bytes_up\":%d,"
                  + "\"rounds\":%d,\"ms_per_round\":%s}%n",
              workers,
              floats,
              8L * floats,
              rounds,
              stats(perRound, 3));
          System.err.printf(
              Locale.ROOT,
              "exchange K=%d N=%d: %.3f ms per round%n",
              workers,
              floats,
              median(perRound));
        }
      }
    }
  }

  private static double run(RendezvousServer server, int k, int floats, int rounds, String key)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(k);
    try {
      List<Future<Double>> futures = new ArrayList<>();
      for (int w = 0; w < k; w++) {
        int rank = w;
        futures.add(
            pool.submit(
                () -> {
                  float[] params = new float[floats / 2];
                  float[] momentum = new float[floats - floats / 2];
                  java.util.Arrays.fill(params, rank);
                  NetworkState state = new NetworkState(params, momentum);
                  try (Exchange exchange =
                      TreeExchange.join(
                          server.address(),
                          key,
                          rank,
                          k,
                          "127.0.0.1",
                          () -> false,
                          Duration.ofMinutes(1))) {
                    Period p = new Period(Phase.CRITIC, 0, 1);
                    exchange.average(state, p); // warm-up
                    long t0 = System.nanoTime();
                    for (int i = 0; i < rounds; i++) {
                      state = exchange.average(state, p);
                    }
                    return (System.nanoTime() - t0) / 1e6 / rounds;
                  }
                }));
      }
      double slowest = 0;
      for (Future<Double> f : futures) {
        slowest = Math.max(slowest, f.get());
      }
      return slowest;
    } finally {
      pool.shutdown();
    }
  }
}

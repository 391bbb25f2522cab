package io.sparkrl.spark.train;

import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.train.Exchange;
import io.sparkrl.core.train.Period;
import io.sparkrl.core.train.TreeMean;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The exchange between a group's barrier tasks over TCP, along {@link TreeMean}'s binary tree:
 * after every period each worker adds its children's partial sums (in double) to its own state and
 * sends the result to its parent; the root divides by the group's size and the mean (floats) flows
 * back down. The additions are {@link TreeMean}'s, in its order, so the floats equal the
 * single-process trainer's. Peers find each other through the driver's {@link RendezvousServer};
 * every connection starts with the run's token and the sender's rank.
 */
public final class TreeExchange implements Exchange {

  private final int rank;
  private final int size;
  private final ExchangeWire parent;
  private final List<ExchangeWire> children;
  private final Map<Integer, double[]> partials = new HashMap<>();

  private TreeExchange(int rank, int size, ExchangeWire parent, List<ExchangeWire> children) {
    this.rank = rank;
    this.size = size;
    this.parent = parent;
    this.children = children;
  }

  /**
   * Joins a group: listens, registers with the driver, connects to the parent and accepts the
   * children.
   *
   * @param driver the rendezvous
   * @param group names this attempt of the group (the same on every rank)
   * @param rank this worker's rank
   * @param size the group's number of workers
   * @param localHost the address peers reach this executor at
   * @param abandoned true once the task should give up (Spark killed it)
   * @param timeout how long any one message may take
   * @throws IOException if a peer or the driver cannot be reached in time
   */
  public static TreeExchange join(
      RendezvousServer.Address driver,
      String group,
      int rank,
      int size,
      String localHost,
      BooleanSupplier abandoned,
      Duration timeout)
      throws IOException {
    int[] kids = TreeMean.children(rank, size);
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress((InetAddress) null, 0), kids.length);
      listener.setSoTimeout(ExchangeWire.POLL_MILLIS);
      String[] hosts = new String[size];
      int[] ports = new int[size];
      ExchangeWire rendezvous =
          new ExchangeWire(new Socket(driver.host(), driver.port()), abandoned, timeout);
      try {
        rendezvous.writeString(driver.token());
        rendezvous.writeString(group);
        rendezvous.writeInt(rank);
        rendezvous.writeInt(size);
        rendezvous.writeString(localHost);
        rendezvous.writeInt(listener.getLocalPort());
        rendezvous.flush();
        for (int r = 0; r < size; r++) {
          hosts[r] = rendezvous.readString();
          ports[r] = rendezvous.readInt();
        }
      } finally {
        rendezvous.close();
      }
      ExchangeWire up = null;
      if (rank > 0) {
        int p = TreeMean.parent(rank);
        up = new ExchangeWire(new Socket(hosts[p], ports[p]), abandoned, timeout);
        up.writeString(driver.token());
        up.writeInt(rank);
        up.flush();
      }
      ExchangeWire[] down = new ExchangeWire[kids.length];
      long start = System.nanoTime();
      for (int accepted = 0; accepted < kids.length; ) {
        Socket s;
        try {
          s = listener.accept();
        } catch (SocketTimeoutException e) {
          if (abandoned.getAsBoolean() || System.nanoTime() - start > timeout.toNanos()) {
            throw new IOException(
                "exchange: rank " + rank + " of " + group + " still waits for its children");
          }
          continue;
        }
        ExchangeWire w = new ExchangeWire(s, abandoned, timeout);
        if (!driver.token().equals(w.readString())) {
          w.close();
          continue;
        }
        int child = w.readInt();
        int slot = kids[0] == child ? 0 : kids.length > 1 && kids[1] == child ? 1 : -1;
        if (slot < 0 || down[slot] != null) {
          w.close();
          throw new IOException("exchange: rank " + child + " is not a child of rank " + rank);
        }
        down[slot] = w;
        accepted++;
      }
      return new TreeExchange(rank, size, up, List.of(down));
    }
  }

  @Override
  public NetworkState average(NetworkState mine, Period period) throws IOException {
    float[] params = mine.params();
    float[] momentum = mine.updaterState();
    int p = params.length;
    int n = p + momentum.length;
    float[] meanParams = new float[p];
    float[] meanMomentum = new float[n - p];
    int[] kids = TreeMean.children(rank, size);
    if (kids.length == 0) {
      // a leaf's partial is its own floats, exactly: it sends them as floats, half the bytes
      parent.writeFloats(params, momentum);
      parent.flush();
      parent.readFloats(meanParams, meanMomentum);
      return new NetworkState(meanParams, meanMomentum);
    }
    double[] sum = partial(n);
    for (int i = 0; i < p; i++) {
      sum[i] = params[i];
    }
    for (int i = p; i < n; i++) {
      sum[i] = momentum[i - p];
    }
    for (int c = 0; c < kids.length; c++) {
      if (TreeMean.children(kids[c], size).length == 0) {
        children.get(c).addFloatsInto(sum);
      } else {
        children.get(c).addDoublesInto(sum);
      }
    }
    if (parent != null) {
      parent.writeDoubles(sum);
      parent.flush();
      parent.readFloats(meanParams, meanMomentum);
    } else {
      for (int i = 0; i < p; i++) {
        meanParams[i] = (float) (sum[i] / size);
      }
      for (int i = p; i < n; i++) {
        meanMomentum[i - p] = (float) (sum[i] / size);
      }
    }
    for (ExchangeWire child : children) {
      child.writeFloats(meanParams, meanMomentum);
      child.flush();
    }
    return new NetworkState(meanParams, meanMomentum);
  }

  /**
   * The partial-sum buffer for states of {@code n} values (one per network), kept between periods:
   * at the default networks' 134,000 values it is a megabyte, which G1 allocates as a humongous
   * object, and one per period started a concurrent marking cycle every few periods.
   */
  private double[] partial(int n) {
    return partials.computeIfAbsent(n, double[]::new);
  }

  @Override
  public void close() throws IOException {
    List<IOException> failures = new ArrayList<>();
    List<ExchangeWire> all = new ArrayList<>(children);
    if (parent != null) {
      all.add(parent);
    }
    for (ExchangeWire w : all) {
      try {
        w.close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  @Override
  public String toString() {
    return "TreeExchange[rank " + rank + " of " + size + "]";
  }
}

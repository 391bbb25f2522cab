package io.sparkrl.spark.train;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a group's barrier tasks find each other, on the driver: each task connects, says which
 * group attempt it belongs to, its rank, the group's size and the address of its own listening
 * socket, and once every rank of that attempt has registered, each receives every rank's address.
 * One registration costs a loopback or LAN round trip, where Spark's {@code allGather} polls once a
 * second. Every message carries the run's token; a connection without it is dropped.
 */
public final class RendezvousServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RendezvousServer.class);

  /** How long an incomplete group waits for its last members before they all fail. */
  static final Duration GROUP_TIMEOUT = Duration.ofMinutes(10);

  private final ServerSocket server;
  private final String advertisedHost;
  private final String token;
  private final ExecutorService handlers;
  private final Map<String, Pending> pending = new HashMap<>();
  private volatile boolean closed;

  private RendezvousServer(ServerSocket server, String advertisedHost, String token) {
    this.server = server;
    this.advertisedHost = advertisedHost;
    this.token = token;
    this.handlers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sparkrl-rendezvous");
              t.setDaemon(true);
              return t;
            });
    handlers.execute(this::acceptLoop);
  }

  /**
   * Starts a server listening on every interface.
   *
   * @param advertisedHost the driver's host as executors reach it ({@code spark.driver.host})
   * @param port the port to listen on, 0 for any free one
   * @param token the run's secret, which every registration must carry
   */
  public static RendezvousServer start(String advertisedHost, int port, String token)
      throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress((InetAddress) null, port));
    return new RendezvousServer(s, advertisedHost, token);
  }

  /** Where tasks register. */
  public Address address() {
    return new Address(advertisedHost, server.getLocalPort(), token);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("rendezvous: accept failed", e);
        }
        return;
      }
      handlers.execute(() -> register(socket));
    }
  }

  private void register(Socket socket) {
    try {
      ExchangeWire wire = new ExchangeWire(socket, () -> closed, GROUP_TIMEOUT);
      if (!token.equals(wire.readString())) {
        socket.close();
        return;
      }
      String group = wire.readString();
      int rank = wire.readInt();
      int size = wire.readInt();
      String host = wire.readString();
      int port = wire.readInt();
      List<ExchangeWire> reply = null;
      Pending p;
      synchronized (pending) {
        p = pending.computeIfAbsent(group, k -> new Pending(size));
        if (p.size != size || rank < 0 || rank >= size || p.wires[rank] != null) {
          socket.close();
          return;
        }
        p.wires[rank] = wire;
        p.hosts[rank] = host;
        p.ports[rank] = port;
        if (++p.count == size) {
          pending.remove(group);
          reply = List.of(p.wires);
        }
      }
      if (reply != null) {
        for (ExchangeWire w : reply) {
          for (int r = 0; r < size; r++) {
            w.writeString(p.hosts[r]);
            w.writeInt(p.ports[r]);
          }
          w.flush();
          w.close();
        }
      }
    } catch (IOException e) {
      LOG.warn("rendezvous: a registration failed", e);
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Stops listening and drops the groups still waiting (their tasks then fail). */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    handlers.shutdownNow();
    List<ExchangeWire> waiting = new ArrayList<>();
    synchronized (pending) {
      for (Pending p : pending.values()) {
        for (ExchangeWire w : p.wires) {
          if (w != null) {
            waiting.add(w);
          }
        }
      }
      pending.clear();
    }
    for (ExchangeWire w : waiting) {
      w.close();
    }
  }

  /** The members of one group attempt registered so far. */
  private static final class Pending {
    final int size;
    final ExchangeWire[] wires;
    final String[] hosts;
    final int[] ports;
    int count;

    Pending(int size) {
      this.size = size;
      this.wires = new ExchangeWire[size];
      this.hosts = new String[size];
      this.ports = new int[size];
    }
  }

  /**
   * Where a task registers: the driver's host and port and the run's token.
   *
   * @param host the driver's host
   * @param port the server's port
   * @param token the run's secret
   */
  public record Address(String host, int port, String token) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }
}

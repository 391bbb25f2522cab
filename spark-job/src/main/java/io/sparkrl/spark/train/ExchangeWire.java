package io.sparkrl.spark.train;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The byte format of the exchange's messages and a reader that waits in short slices, so that a
 * task Spark has killed (its barrier stage abandoned) stops waiting on a peer that will never
 * answer. Arrays go as their length followed by the values, big-endian.
 */
final class ExchangeWire {

  /** How long one read waits before the task checks whether it was killed. */
  static final int POLL_MILLIS = 200;

  /** The longest string a peer may send (keys and host names). */
  static final int MAX_STRING_BYTES = 4096;

  private final Socket socket;
  private final InputStream in;
  private final DataOutputStream out;
  private final BooleanSupplier abandoned;
  private final long deadlineNanos;
  private byte[] buffer = new byte[0];

  /**
   * @param socket a connected socket
   * @param abandoned true once the task should stop waiting (killed or interrupted)
   * @param timeout how long any one message may take to arrive
   */
  ExchangeWire(Socket socket, BooleanSupplier abandoned, Duration timeout) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(POLL_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out =
        new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    this.abandoned = abandoned;
    this.deadlineNanos = timeout.toNanos();
  }

  void writeInt(int v) throws IOException {
    out.writeInt(v);
  }

  void writeLong(long v) throws IOException {
    out.writeLong(v);
  }

  void writeString(String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  void writeDoubles(double[] values) throws IOException {
    int length = Integer.BYTES + values.length * Double.BYTES;
    ByteBuffer b = ByteBuffer.wrap(buffer(length), 0, length);
    b.putInt(values.length);
    b.asDoubleBuffer().put(values);
    out.write(buffer, 0, length);
  }

  /** {@code head} then {@code tail} as one array of floats. */
  void writeFloats(float[] head, float[] tail) throws IOException {
    int n = head.length + tail.length;
    int length = Integer.BYTES + n * Float.BYTES;
    ByteBuffer b = ByteBuffer.wrap(buffer(length), 0, length);
    b.putInt(n);
    b.asFloatBuffer().put(head).put(tail);
    out.write(buffer, 0, length);
  }

  void flush() throws IOException {
    out.flush();
  }

  int readInt() throws IOException {
    return ByteBuffer.wrap(readFully(Integer.BYTES), 0, Integer.BYTES).getInt();
  }

  long readLong() throws IOException {
    return ByteBuffer.wrap(readFully(Long.BYTES), 0, Long.BYTES).getLong();
  }

  String readString() throws IOException {
    int length = readInt();
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw new IOException("exchange: a string of " + length + " bytes from a peer");
    }
    return new String(readFully(length), 0, length, StandardCharsets.UTF_8);
  }

  /** Reads an array of {@code sum.length} doubles and adds it into {@code sum}. */
  void addDoublesInto(double[] sum) throws IOException {
    int n = readInt();
    checkLength(n, sum.length);
    DoubleBuffer values =
        ByteBuffer.wrap(readFully(n * Double.BYTES), 0, n * Double.BYTES).asDoubleBuffer();
    for (int i = 0; i < n; i++) {
      sum[i] += values.get(i);
    }
  }

  /**
   * Reads an array of {@code sum.length} floats and adds it, widened to double, into {@code sum}.
   */
  void addFloatsInto(double[] sum) throws IOException {
    int n = readInt();
    checkLength(n, sum.length);
    FloatBuffer values =
        ByteBuffer.wrap(readFully(n * Float.BYTES), 0, n * Float.BYTES).asFloatBuffer();
    for (int i = 0; i < n; i++) {
      sum[i] += values.get(i);
    }
  }

  /** Reads an array of floats into {@code head}, then {@code tail}, which it must fill exactly. */
  void readFloats(float[] head, float[] tail) throws IOException {
    int n = readInt();
    checkLength(n, head.length + tail.length);
    ByteBuffer.wrap(readFully(n * Float.BYTES), 0, n * Float.BYTES)
        .asFloatBuffer()
        .get(head)
        .get(tail);
  }

  void close() throws IOException {
    socket.close();
  }

  private static void checkLength(int n, int expected) throws IOException {
    if (n != expected) {
      throw new IOException("exchange: expected " + expected + " values from a peer, got " + n);
    }
  }

  /** This wire's scratch buffer, at least {@code length} bytes (the next call may reuse it). */
  private byte[] buffer(int length) {
    if (buffer.length < length) {
      buffer = new byte[length];
    }
    return buffer;
  }

  /**
   * The next {@code length} bytes, at the front of the scratch buffer (valid until the next call).
   */
  private byte[] readFully(int length) throws IOException {
    byte[] buf = buffer(length);
    int off = 0;
    long start = System.nanoTime();
    while (off < length) {
      int n;
      try {
        n = in.read(buf, off, length - off);
      } catch (SocketTimeoutException e) {
        if (abandoned.getAsBoolean()) {
          throw new IOException("exchange abandoned: the task was killed");
        }
        if (System.nanoTime() - start > deadlineNanos) {
          throw new IOException(
              "exchange: no message from "
                  + socket.getRemoteSocketAddress()
                  + " within the timeout");
        }
        continue;
      }
      if (n < 0) {
        throw new IOException(
            "exchange: " + socket.getRemoteSocketAddress() + " closed the connection");
      }
      off += n;
    }
    return buf;
  }
}

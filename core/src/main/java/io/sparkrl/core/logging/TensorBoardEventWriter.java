package io.sparkrl.core.logging;

import com.google.protobuf.CodedOutputStream;
import io.sparkrl.core.storage.RunStorage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a TensorBoard event file, {@code events.out.tfevents.{unix_seconds}.{hostname}}, as
 * tensorboardX does for d3rlpy: TFRecord framing ({@link TfRecordFraming}) around hand-encoded
 * {@code tensorflow.Event} protocol buffers. The first record carries {@code file_version} {@value
 * #FILE_VERSION}; each scalar is an {@code Event{wall_time=1, step=2, summary=5}} whose {@code
 * Summary} has one {@code Value{tag=1, simple_value=2}}.
 *
 * <p>Call {@link #flush()} after each epoch (as {@link MetricsBuffer#commit} does) so that
 * TensorBoard sees progress, and {@link #close()} at the end. Not thread-safe.
 */
public final class TensorBoardEventWriter implements Closeable, Flushable {

  /** The file version tensorboardX writes in the first event. */
  public static final String FILE_VERSION = "brain.Event:2";

  /** The file name prefix TensorBoard looks for. */
  public static final String FILE_PREFIX = "events.out.tfevents.";

  /** d3rlpy's tag prefix for epoch metrics. */
  public static final String METRIC_TAG_PREFIX = "metrics/";

  /** The host name used when the local one cannot be determined. */
  public static final String UNKNOWN_HOST = "localhost";

  // tensorflow/core/util/event.proto and summary.proto field numbers.
  static final int EVENT_WALL_TIME = 1;
  static final int EVENT_STEP = 2;
  static final int EVENT_FILE_VERSION = 3;
  static final int EVENT_SUMMARY = 5;
  static final int SUMMARY_VALUE = 1;
  static final int VALUE_TAG = 1;
  static final int VALUE_SIMPLE_VALUE = 2;

  private static final double NANOS_PER_SECOND = 1e9;

  private final String path;
  private final Clock clock;
  private final OutputStream out;
  private boolean closed;

  private TensorBoardEventWriter(String path, Clock clock, OutputStream out) {
    this.path = path;
    this.clock = clock;
    this.out = out;
  }

  /**
   * Opens a new event file in {@code directory} (created if missing) with the system clock and the
   * local host name.
   *
   * @param storage where to write
   * @param directory the TensorBoard log directory
   * @return the writer, which has already written the file-version event
   * @throws IOException if the file cannot be created, for instance because it exists
   */
  public static TensorBoardEventWriter open(RunStorage storage, String directory)
      throws IOException {
    return open(storage, directory, Clock.systemUTC(), localHostName());
  }

  /**
   * Opens a new event file in {@code directory} (created if missing).
   *
   * @param storage where to write
   * @param directory the TensorBoard log directory
   * @param clock supplies the file name's seconds and every event's wall time
   * @param hostName the host name in the file name
   * @return the writer, which has already written the file-version event
   * @throws IOException if the file cannot be created, for instance because it exists
   */
  public static TensorBoardEventWriter open(
      RunStorage storage, String directory, Clock clock, String hostName) throws IOException {
    storage.mkdirs(directory);
    String path = storage.resolve(directory, fileName(clock.instant(), hostName));
    TensorBoardEventWriter writer =
        new TensorBoardEventWriter(path, clock, new BufferedOutputStream(storage.create(path)));
    try {
      writer.writeEvent(fileVersionEvent(writer.wallTime()));
      writer.flush();
    } catch (IOException | RuntimeException e) {
      try {
        writer.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return writer;
  }

  /**
   * The event file name tensorboardX uses: {@code events.out.tfevents.%010d.{hostName}}.
   *
   * @param now the creation time
   * @param hostName the host name
   * @return the file name
   */
  public static String fileName(Instant now, String hostName) {
    return FILE_PREFIX + String.format(Locale.ROOT, "%010d", now.getEpochSecond()) + "." + hostName;
  }

  /**
   * The path of the event file.
   *
   * @return the path, in the storage's syntax
   */
  public String path() {
    return path;
  }

  /**
   * Writes one scalar, like tensorboardX's {@code add_scalar(tag, value, step)}, with the clock's
   * current wall time.
   *
   * @param tag the tag, such as {@code metrics/critic_loss}
   * @param value the value; stored as a 32-bit float as TensorBoard does
   * @param step the step (d3rlpy passes the epoch)
   * @throws IOException if writing fails or the writer is closed
   */
  public void addScalar(String tag, double value, long step) throws IOException {
    writeEvent(scalarEvent(wallTime(), step, tag, (float) value));
  }

  /**
   * Writes an epoch metric as d3rlpy does: tag {@code metrics/{name}}, step = epoch.
   *
   * @param name the metric name
   * @param value the epoch's mean
   * @param epoch the 0-based epoch
   * @throws IOException if writing fails or the writer is closed
   */
  public void addMetric(String name, double value, long epoch) throws IOException {
    addScalar(METRIC_TAG_PREFIX + name, value, epoch);
  }

  /**
   * Pushes buffered events to the storage.
   *
   * @throws IOException if flushing fails
   */
  @Override
  public void flush() throws IOException {
    if (!closed) {
      out.flush();
    }
  }

  /**
   * Flushes and closes the file; further writes fail, a second close does nothing.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  /**
   * The host name of this machine, or {@link #UNKNOWN_HOST}.
   *
   * @return the host name
   */
  public static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isEmpty() ? UNKNOWN_HOST : env;
    }
  }

  private double wallTime() {
    Instant now = clock.instant();
    return now.getEpochSecond() + now.getNano() / NANOS_PER_SECOND;
  }

  private void writeEvent(byte[] event) throws IOException {
    if (closed) {
      throw new IOException(path + ": event writer is closed");
    }
    TfRecordFraming.writeRecord(out, event);
  }

  static byte[] fileVersionEvent(double wallTime) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream event = CodedOutputStream.newInstance(bytes);
    event.writeDouble(EVENT_WALL_TIME, wallTime);
    event.writeString(EVENT_FILE_VERSION, FILE_VERSION);
    event.flush();
    return bytes.toByteArray();
  }

  static byte[] scalarEvent(double wallTime, long step, String tag, float value)
      throws IOException {
    ByteArrayOutputStream valueBytes = new ByteArrayOutputStream();
    CodedOutputStream v = CodedOutputStream.newInstance(valueBytes);
    v.writeString(VALUE_TAG, tag);
    v.writeFloat(VALUE_SIMPLE_VALUE, value);
    v.flush();

    ByteArrayOutputStream summaryBytes = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(summaryBytes);
    s.writeByteArray(SUMMARY_VALUE, valueBytes.toByteArray());
    s.flush();

    ByteArrayOutputStream eventBytes = new ByteArrayOutputStream();
    CodedOutputStream e = CodedOutputStream.newInstance(eventBytes);
    e.writeDouble(EVENT_WALL_TIME, wallTime);
    if (step != 0) {
      // proto3 omits a scalar field at its default value.
      e.writeInt64(EVENT_STEP, step);
    }
    e.writeByteArray(EVENT_SUMMARY, summaryBytes.toByteArray());
    e.flush();
    return eventBytes.toByteArray();
  }
}

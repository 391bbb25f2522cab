package io.sparkrl.core.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A run's output directory, named as d3rlpy v0.23's logger names it: {@code
 * {logdir}/{experimentName}}, plus {@code _YYYYmmddHHMMSS} (local time of the clock's zone) when
 * with-timestamp is set, which is the default.
 *
 * <p>If the timestamped directory already exists, creation waits {@link #RETRY_WAIT} and tries
 * again with a new timestamp, as d3rlpy does; without a timestamp an existing directory is an
 * error, so a run never writes into another run's directory.
 */
public final class RunDirectory {

  /** The name of the hyperparameter file that {@code fit} writes before training. */
  public static final String PARAMS_FILE = "params.json";

  /** d3rlpy's {@code with_timestamp} default. */
  public static final boolean DEFAULT_WITH_TIMESTAMP = true;

  /** How long to wait before retrying with a new timestamp (d3rlpy sleeps 1 s). */
  public static final Duration RETRY_WAIT = Duration.ofSeconds(1);

  /**
   * How many timestamps to try before giving up; d3rlpy loops forever, but a stopped clock would
   * then hang the job.
   */
  public static final int MAX_TIMESTAMP_ATTEMPTS = 100;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

  /** Waits between attempts; injectable so that tests do not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for the given time.
     *
     * @param duration how long to wait
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final RunStorage storage;
  private final String path;
  private final String experimentName;

  private RunDirectory(RunStorage storage, String path, String experimentName) {
    this.storage = storage;
    this.path = path;
    this.experimentName = experimentName;
  }

  /**
   * Creates a new run directory with the system clock in the default time zone.
   *
   * @param storage where to create it
   * @param logdir the parent directory (d3rlpy's {@code logdir}, default {@code logs}); created if
   *     missing
   * @param experimentName the experiment name (d3rlpy defaults it to the algorithm's class name)
   * @param withTimestamp whether to append {@code _YYYYmmddHHMMSS}
   * @return the created directory
   * @throws IOException if the storage fails
   * @throws IllegalArgumentException if {@code withTimestamp} is false and the directory exists, or
   *     the name is empty or contains a path separator
   */
  public static RunDirectory create(
      RunStorage storage, String logdir, String experimentName, boolean withTimestamp)
      throws IOException {
    return create(
        storage,
        logdir,
        experimentName,
        withTimestamp,
        localClock(),
        d -> Thread.sleep(d.toMillis()));
  }

  /**
   * Creates a new run directory; see {@link #create(RunStorage, String, String, boolean)}.
   *
   * @param storage where to create it
   * @param logdir the parent directory; created if missing
   * @param experimentName the experiment name
   * @param withTimestamp whether to append {@code _YYYYmmddHHMMSS}
   * @param clock the clock whose local date-time forms the timestamp
   * @param sleeper waits {@link #RETRY_WAIT} between attempts
   * @return the created directory
   * @throws IOException if the storage fails, or is interrupted while waiting
   * @throws IllegalArgumentException if {@code withTimestamp} is false and the directory exists,
   *     the name is empty or contains a path separator, or {@link #MAX_TIMESTAMP_ATTEMPTS}
   *     timestamps were all taken
   */
  public static RunDirectory create(
      RunStorage storage,
      String logdir,
      String experimentName,
      boolean withTimestamp,
      Clock clock,
      Sleeper sleeper)
      throws IOException {
    if (experimentName == null
        || experimentName.isEmpty()
        || experimentName.contains("/")
        || experimentName.contains("\\")) {
      throw new IllegalArgumentException(
          "experiment name must be non-empty and contain no path separator, got: "
              + (experimentName == null ? "null" : "'" + experimentName + "'"));
    }
    for (int attempt = 0; attempt < MAX_TIMESTAMP_ATTEMPTS; attempt++) {
      String name = withTimestamp ? experimentName + "_" + timestamp(clock) : experimentName;
      String dir = storage.resolve(logdir, name);
      if (!storage.exists(dir)) {
        storage.mkdirs(dir);
        return new RunDirectory(storage, dir, name);
      }
      if (!withTimestamp) {
        throw new IllegalArgumentException(dir + " already exists.");
      }
      try {
        sleeper.sleep(RETRY_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(
            "interrupted while waiting for a free run directory name under " + logdir);
      }
    }
    throw new IllegalArgumentException(
        "no free run directory for experiment '"
            + experimentName
            + "' under "
            + logdir
            + " after "
            + MAX_TIMESTAMP_ATTEMPTS
            + " timestamps");
  }

  /**
   * The timestamp suffix d3rlpy uses, {@code datetime.now().strftime('%Y%m%d%H%M%S')}.
   *
   * @param clock the clock to read, in its own zone
   * @return fourteen digits
   */
  /** d3rlpy names run directories by the local time, as this does. */
  @SuppressWarnings("JavaTimeDefaultTimeZone")
  private static Clock localClock() {
    return Clock.systemDefaultZone();
  }

  public static String timestamp(Clock clock) {
    return LocalDateTime.now(clock).format(TIMESTAMP);
  }

  /**
   * The storage this directory lives in.
   *
   * @return the storage
   */
  public RunStorage storage() {
    return storage;
  }

  /**
   * The directory's path.
   *
   * @return the path, in the storage's syntax
   */
  public String path() {
    return path;
  }

  /**
   * The experiment name with its timestamp, if any: the directory's own name, which d3rlpy also
   * uses for the TensorBoard directory {@code runs/{experimentName}}.
   *
   * @return the final experiment name
   */
  public String experimentName() {
    return experimentName;
  }

  /**
   * The path of a file inside this directory.
   *
   * @param fileName a file name, without separators
   * @return its path
   */
  public String resolve(String fileName) {
    return storage.resolve(path, fileName);
  }

  /**
   * The TensorBoard directory d3rlpy would use: {@code {runsRoot}/{experimentName}} (d3rlpy's
   * {@code runsRoot} is {@code runs} in the working directory, not under {@code logdir}).
   *
   * @param runsRoot the TensorBoard root directory
   * @return the path of this run's TensorBoard directory (not created)
   */
  public String tensorBoardDirectory(String runsRoot) {
    return storage.resolve(runsRoot, experimentName);
  }

  /**
   * Writes {@link #PARAMS_FILE} atomically.
   *
   * @param json the complete JSON document, as produced by the configuration parser
   * @return the path written
   * @throws IOException if the write fails
   */
  public String writeParams(String json) throws IOException {
    String file = resolve(PARAMS_FILE);
    storage.writeTextAtomically(file, json);
    return file;
  }

  @Override
  public String toString() {
    return "RunDirectory[" + path + "]";
  }
}

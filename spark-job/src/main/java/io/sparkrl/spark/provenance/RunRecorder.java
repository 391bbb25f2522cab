package io.sparkrl.spark.provenance;

import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a run directory's provenance: {@value #RUN_FILE} (atomically, each time the record
 * changes) and, when the run has succeeded, the empty {@value #SUCCESS_FILE} marker written last,
 * so a directory with {@value #SUCCESS_FILE} is complete (Hadoop's output committer convention).
 */
public final class RunRecorder {

  /** The provenance file name. */
  public static final String RUN_FILE = "run.json";

  /** The completion marker, written after every other artifact of a successful run. */
  public static final String SUCCESS_FILE = "_SUCCESS";

  private final RunStorage storage;
  private final String runDirectory;
  private final Redaction redaction;

  /**
   * A recorder for one run directory that redacts with Spark's default pattern only; a job passes
   * its session's {@link Redaction} instead.
   *
   * @param storage the storage the run directory lives in
   * @param runDirectory the run directory; must exist
   */
  public RunRecorder(RunStorage storage, String runDirectory) {
    this(storage, runDirectory, Redaction.sparkDefault());
  }

  /**
   * A recorder for one run directory.
   *
   * @param storage the storage the run directory lives in
   * @param runDirectory the run directory; must exist
   * @param redaction applied to every record before it is written ({@link RunProvenance#redacted})
   */
  public RunRecorder(RunStorage storage, String runDirectory, Redaction redaction) {
    this.storage = storage;
    this.runDirectory = runDirectory;
    this.redaction = redaction;
  }

  /**
   * Writes {@value #RUN_FILE} atomically, replacing any previous version, with the record's secrets
   * redacted.
   *
   * @param provenance the record
   * @return the path written
   * @throws IOException if the write fails; the previous {@value #RUN_FILE} is then intact
   */
  public String write(RunProvenance provenance) throws IOException {
    String path = storage.resolve(runDirectory, RUN_FILE);
    storage.writeTextAtomically(path, RunProvenanceParser.toJson(provenance.redacted(redaction)));
    return path;
  }

  /**
   * Records the end of a run: writes {@value #RUN_FILE} and then, for a {@link RunStatus#SUCCEEDED}
   * run only, the empty {@value #SUCCESS_FILE}. Call it after every other artifact (models, policy,
   * report) is written.
   *
   * @param provenance the finished record, {@link RunStatus#SUCCEEDED} or {@link RunStatus#FAILED}
   * @throws IllegalArgumentException if the record is still {@link RunStatus#RUNNING}
   * @throws IOException if a write fails
   */
  public void finish(RunProvenance provenance) throws IOException {
    if (provenance.status() == RunStatus.RUNNING) {
      throw new IllegalArgumentException(
          "finish needs a SUCCEEDED or FAILED record, got RUNNING for " + runDirectory);
    }
    write(provenance);
    if (provenance.status() == RunStatus.SUCCEEDED) {
      storage.writeAtomically(storage.resolve(runDirectory, SUCCESS_FILE), new byte[0]);
    }
  }

  /**
   * Reads the run directory's {@value #RUN_FILE}.
   *
   * @return the record
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not a valid record; the message names the file
   */
  public RunProvenance read() throws IOException {
    String path = storage.resolve(runDirectory, RUN_FILE);
    String json;
    try (InputStream in = storage.open(path)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return RunProvenanceParser.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the run directory holds a complete, successful run.
   *
   * @return true if {@value #SUCCESS_FILE} exists
   * @throws IOException if the storage cannot be queried
   */
  public boolean isComplete() throws IOException {
    return storage.exists(storage.resolve(runDirectory, SUCCESS_FILE));
  }
}

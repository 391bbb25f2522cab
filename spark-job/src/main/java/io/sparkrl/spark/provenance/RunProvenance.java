package io.sparkrl.spark.provenance;

import io.sparkrl.core.SparkrlVersion;
import io.sparkrl.core.config.AwrParamsFile;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a training run was made from and how it ended: the content of its {@code run.json} (see
 * {@link RunProvenanceParser} for the JSON form and {@link RunRecorder} for writing it).
 *
 * <p>A run is recorded {@link RunStatus#RUNNING} when it starts ({@link #started}), updated with
 * its validation counts, and recorded once more when it ends ({@link #succeeded} or {@link
 * #failed}). Instances are immutable; the {@code with…} methods return copies.
 *
 * @param sparkrlVersion the sparkrl version that ran ({@link SparkrlVersion#sparkrl()})
 * @param datasetLocation the dataset's URI or path as given to the job (credentials redacted when
 *     written)
 * @param datasetFingerprint {@link DatasetFingerprint} of the dataset
 * @param params the full configuration in {@code params.json} form; the observation shape and
 *     action size may be null before the dataset is read
 * @param jobSettings the job settings ({@code JobSettings.toMap()}), sorted by key
 * @param spark the Spark application, master and properties (secrets redacted)
 * @param startTime when the run started
 * @param endTime when it ended; null exactly while {@link RunStatus#RUNNING}
 * @param status where the run stands
 * @param error the error that stopped it; non-null exactly when {@link RunStatus#FAILED} (secrets
 *     redacted when written)
 * @param validation the dataset validation counts, or null before validation
 * @param tasksPerExecutor finished Spark tasks per executor id ({@code "driver"} in local mode)
 * @param partitions the dataset folders read, in order (each {@code --data} folder, or the {@code
 *     key=value} partitions of a parent folder that were used); empty in records written before
 *     sparkrl listed them
 */
public record RunProvenance(
    String sparkrlVersion,
    String datasetLocation,
    String datasetFingerprint,
    AwrParamsFile params,
    Map<String, String> jobSettings,
    SparkSettings spark,
    Instant startTime,
    Instant endTime,
    RunStatus status,
    String error,
    ValidationCounts validation,
    Map<String, Long> tasksPerExecutor,
    List<PartitionUsed> partitions) {

  /**
   * Checks the fields and copies the job settings into a sorted, unmodifiable map.
   *
   * @throws NullPointerException if a required field is null
   * @throws IllegalArgumentException if the end time, error and status disagree, or the run ends
   *     before it starts
   */
  public RunProvenance {
    Objects.requireNonNull(sparkrlVersion, "sparkrl_version");
    Objects.requireNonNull(datasetLocation, "dataset location");
    Objects.requireNonNull(datasetFingerprint, "dataset fingerprint");
    Objects.requireNonNull(params, "config");
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(startTime, "start_time");
    Objects.requireNonNull(status, "status");
    jobSettings = Collections.unmodifiableMap(new TreeMap<>(jobSettings));
    tasksPerExecutor =
        Collections.unmodifiableMap(
            new TreeMap<>(tasksPerExecutor == null ? Map.of() : tasksPerExecutor));
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    if ((endTime == null) != (status == RunStatus.RUNNING)) {
      throw new IllegalArgumentException(
          "end_time must be set exactly when the run has ended; status "
              + status
              + ", end_time "
              + endTime);
    }
    if ((error == null) == (status == RunStatus.FAILED)) {
      throw new IllegalArgumentException(
          "error must be set exactly when the run failed; status " + status + ", error " + error);
    }
    if (endTime != null && endTime.isBefore(startTime)) {
      throw new IllegalArgumentException(
          "end_time " + endTime + " is before start_time " + startTime);
    }
  }

  /**
   * This record listing the dataset folders the run read.
   *
   * @param used the folders, in the order read
   * @return a copy
   */
  public RunProvenance withPartitions(List<PartitionUsed> used) {
    return new RunProvenance(
        sparkrlVersion,
        datasetLocation,
        datasetFingerprint,
        params,
        jobSettings,
        spark,
        startTime,
        endTime,
        status,
        error,
        validation,
        tasksPerExecutor,
        used);
  }

  /**
   * A run that starts now with this build's sparkrl version and no validation counts yet.
   *
   * @param datasetLocation the dataset's URI or path
   * @param datasetFingerprint its {@link DatasetFingerprint}
   * @param params the configuration
   * @param jobSettings the job settings as strings
   * @param spark the Spark settings
   * @param startTime the start time
   * @return a {@link RunStatus#RUNNING} record
   */
  public static RunProvenance started(
      String datasetLocation,
      String datasetFingerprint,
      AwrParamsFile params,
      Map<String, String> jobSettings,
      SparkSettings spark,
      Instant startTime) {
    return new RunProvenance(
        SparkrlVersion.sparkrl(),
        datasetLocation,
        datasetFingerprint,
        params,
        jobSettings,
        spark,
        startTime,
        null,
        RunStatus.RUNNING,
        null,
        null,
        Map.of(),
        List.of());
  }

  /**
   * This record with the number of finished tasks per Spark executor id ({@code "driver"} in local
   * mode): on a cluster it shows which executors did the work.
   *
   * @param tasks task counts by executor id
   * @return a copy
   */
  public RunProvenance withTasks(Map<String, Long> tasks) {
    return new RunProvenance(
        sparkrlVersion,
        datasetLocation,
        datasetFingerprint,
        params,
        jobSettings,
        spark,
        startTime,
        endTime,
        status,
        error,
        validation,
        tasks,
        partitions);
  }

  /**
   * This record with the validation counts set.
   *
   * @param counts the counts
   * @return a copy
   */
  public RunProvenance withValidation(ValidationCounts counts) {
    return new RunProvenance(
        sparkrlVersion,
        datasetLocation,
        datasetFingerprint,
        params,
        jobSettings,
        spark,
        startTime,
        endTime,
        status,
        error,
        counts,
        tasksPerExecutor,
        partitions);
  }

  /**
   * This record with the configuration replaced, e.g. once the observation shape is known.
   *
   * @param newParams the configuration
   * @return a copy
   */
  public RunProvenance withParams(AwrParamsFile newParams) {
    return new RunProvenance(
        sparkrlVersion,
        datasetLocation,
        datasetFingerprint,
        newParams,
        jobSettings,
        spark,
        startTime,
        endTime,
        status,
        error,
        validation,
        tasksPerExecutor,
        partitions);
  }

  /**
   * This run, ended successfully.
   *
   * @param end the end time
   * @return a {@link RunStatus#SUCCEEDED} copy
   */
  public RunProvenance succeeded(Instant end) {
    return new RunProvenance(
        sparkrlVersion,
        datasetLocation,
        datasetFingerprint,
        params,
        jobSettings,
        spark,
        startTime,
        end,
        RunStatus.SUCCEEDED,
        null,
        validation,
        tasksPerExecutor,
        partitions);
  }

  /**
   * This run, stopped by an error.
   *
   * @param end the end time
   * @param cause the error; its {@code toString()} (class and message) is recorded
   * @return a {@link RunStatus#FAILED} copy
   */
  public RunProvenance failed(Instant end, Throwable cause) {
    return new RunProvenance(
        sparkrlVersion,
        datasetLocation,
        datasetFingerprint,
        params,
        jobSettings,
        spark,
        startTime,
        end,
        RunStatus.FAILED,
        String.valueOf(cause),
        validation,
        tasksPerExecutor,
        partitions);
  }

  /**
   * This record as it may be written: every free-text field (the dataset location, the job
   * settings' values, the master, the quarantine path, the error) and every Spark property through
   * {@code redaction}. {@link RunRecorder} writes nothing else.
   *
   * @param redaction what removes the secrets
   * @return a redacted copy
   */
  public RunProvenance redacted(Redaction redaction) {
    Map<String, String> job = new TreeMap<>();
    jobSettings.forEach((key, value) -> job.put(key, redaction.text(value)));
    ValidationCounts counts =
        validation == null
            ? null
            : new ValidationCounts(
                validation.episodesAccepted(),
                validation.episodesRejected(),
                validation.rowsAccepted(),
                validation.rowsRejected(),
                redaction.text(validation.quarantinePath()));
    List<PartitionUsed> redactedPartitions =
        partitions.stream()
            .map(
                u ->
                    new PartitionUsed(
                        redaction.text(u.name()), redaction.text(u.location()), u.fingerprint()))
            .toList();
    return new RunProvenance(
        sparkrlVersion,
        redaction.text(datasetLocation),
        datasetFingerprint,
        params,
        job,
        spark.redacted(redaction),
        startTime,
        endTime,
        status,
        redaction.text(error),
        counts,
        tasksPerExecutor,
        redactedPartitions);
  }
}

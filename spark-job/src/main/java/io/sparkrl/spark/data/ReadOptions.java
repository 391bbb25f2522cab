package io.sparkrl.spark.data;

import io.sparkrl.datasets.HoldoutSplit;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.ValidationMode;
import org.apache.spark.storage.StorageLevel;

/**
 * How {@link SparkEpisodeSource} reads a dataset.
 *
 * @param mode strict (the first bad episode fails the read) or quarantine
 * @param quarantineUri where quarantine mode writes rejected episodes (any Hadoop URI; must not
 *     exist yet); null in strict mode
 * @param partitions partitions of the episode RDD; 0 for {@code spark.default.parallelism}
 * @param observationShape the observation shape from the job's config, or null to take it from
 *     {@code dataset.json} (else inferred for vectors; images need it)
 * @param actionSize the action count from the job's config, or 0 to take it from {@code
 *     dataset.json} (else max action + 1)
 * @param storageLevel how the validated episodes are cached for the rounds that reuse them
 * @param holdout the held-out slice (collected for the scorers, not trained on), or null for none
 * @param replaceQuarantine whether the quarantine folder may hold an earlier attempt's rejected
 *     episodes, which this read replaces (a resumed run); otherwise an existing folder is an error
 */
public record ReadOptions(
    ValidationMode mode,
    String quarantineUri,
    int partitions,
    ObservationShape observationShape,
    int actionSize,
    StorageLevel storageLevel,
    HoldoutSplit holdout,
    boolean replaceQuarantine) {

  /** Default storage: deserialised in memory, spilling to disk. */
  public static final StorageLevel DEFAULT_STORAGE = StorageLevel.MEMORY_AND_DISK();

  /**
   * @throws IllegalArgumentException if quarantine mode has no URI, strict mode has one, or a count
   *     is negative
   */
  public ReadOptions {
    if (mode == null || storageLevel == null) {
      throw new IllegalArgumentException("mode and storage level are required");
    }
    if ((mode == ValidationMode.QUARANTINE) != (quarantineUri != null)) {
      throw new IllegalArgumentException(
          "a quarantine folder is needed in quarantine mode and only there; mode "
              + mode
              + ", quarantine "
              + quarantineUri);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
    }
    if (actionSize < 0) {
      throw new IllegalArgumentException("action_size must be >= 0, got " + actionSize);
    }
  }

  /** Strict mode, default partitions, shapes from the manifest or inferred. */
  public static ReadOptions strict() {
    return new ReadOptions(ValidationMode.STRICT, null, 0, null, 0, DEFAULT_STORAGE, null, false);
  }

  /** Quarantine mode writing rejected episodes to {@code uri}. */
  public static ReadOptions quarantine(String uri) {
    return new ReadOptions(
        ValidationMode.QUARANTINE, uri, 0, null, 0, DEFAULT_STORAGE, null, false);
  }

  /** These options with {@code n} partitions (0: default parallelism). */
  public ReadOptions withPartitions(int n) {
    return new ReadOptions(
        mode,
        quarantineUri,
        n,
        observationShape,
        actionSize,
        storageLevel,
        holdout,
        replaceQuarantine);
  }

  /** These options with the observation shape and action count of the job's config. */
  public ReadOptions withExpectations(ObservationShape shape, int actions) {
    return new ReadOptions(
        mode, quarantineUri, partitions, shape, actions, storageLevel, holdout, replaceQuarantine);
  }

  /** These options with another storage level. */
  public ReadOptions withStorageLevel(StorageLevel level) {
    return new ReadOptions(
        mode,
        quarantineUri,
        partitions,
        observationShape,
        actionSize,
        level,
        holdout,
        replaceQuarantine);
  }

  /** These options holding out the episodes {@code split} chooses (null: none). */
  public ReadOptions withHoldout(HoldoutSplit split) {
    return new ReadOptions(
        mode,
        quarantineUri,
        partitions,
        observationShape,
        actionSize,
        storageLevel,
        split,
        replaceQuarantine);
  }

  /** These options replacing an earlier attempt's quarantine folder (for a resumed run). */
  public ReadOptions replacingQuarantine() {
    return new ReadOptions(
        mode, quarantineUri, partitions, observationShape, actionSize, storageLevel, holdout, true);
  }
}

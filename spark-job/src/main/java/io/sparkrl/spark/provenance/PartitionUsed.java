package io.sparkrl.spark.provenance;

import java.util.Objects;

/**
 * One dataset folder a run read, as {@code run.json} lists it under {@code dataset.partitions}.
 *
 * @param name the partition's name ({@code date=2026-12-01}), or the folder's URI for a plain
 *     {@code --data} folder
 * @param location the folder's URI (credentials redacted when written)
 * @param fingerprint its {@link DatasetFingerprint}
 */
public record PartitionUsed(String name, String location, String fingerprint) {

  /** Checks that every field is given. */
  public PartitionUsed {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}

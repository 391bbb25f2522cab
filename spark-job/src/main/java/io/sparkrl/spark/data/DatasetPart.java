package io.sparkrl.spark.data;

import java.util.Objects;

/**
 * One dataset folder a training run reads: a {@code --data} folder itself, or one {@code key=value}
 * partition of a {@code --data} parent folder.
 *
 * @param name the partition's folder name ({@code date=2026-12-01}), or the {@code --data} URI as
 *     given for a plain dataset folder
 * @param uri the folder's URI, as read
 * @param parent the {@code --data} parent folder the partition was found in, or null for a plain
 *     dataset folder
 */
public record DatasetPart(String name, String uri, String parent) {

  /** Checks that the name and URI are given. */
  public DatasetPart {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uri, "uri");
  }

  /** True if the part is a {@code key=value} partition of a parent folder. */
  public boolean isPartition() {
    return parent != null;
  }

  /** How messages name the part: {@code partition date=… (uri)} or {@code dataset uri}. */
  public String describe() {
    return isPartition() ? "partition " + name + " (" + uri + ")" : "dataset " + uri;
  }
}

package io.sparkrl.spark.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Resolves the {@code --data} URIs of a training run into the dataset folders it reads ({@link
 * DatasetPart}), on the driver, through Hadoop's FileSystem:
 *
 * <ul>
 *   <li>a folder that holds {@code .parquet} files itself (or a single file, or a path that does
 *       not exist: reading it reports the problem) is one dataset;
 *   <li>a folder that holds no {@code .parquet} file but subfolders named {@code key=value} (such
 *       as {@code date=2026-12-01}) is a parent of partitions: each such subfolder is a dataset,
 *       ordered by name, and a window of {@code N} keeps the last {@code N} of them.
 * </ul>
 *
 * The window applies to each parent folder's partitions separately; plain dataset folders are
 * always read whole. The parts come in the order of the {@code --data} URIs.
 */
public final class DatasetPartitions {

  /** A partition folder name: {@code key=value}, the key a name, the value non-empty. */
  private static final Pattern PARTITION = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*=[^/]+");

  private DatasetPartitions() {}

  /**
   * The dataset folders of {@code dataUris}.
   *
   * @param dataUris the {@code --data} URIs, at least one
   * @param window how many of each parent folder's last partitions to keep, or null for all
   * @param conf the Hadoop configuration to list them with
   * @throws IllegalArgumentException if there is no URI, the window is below 1 or no URI is a
   *     parent of partitions, or a folder holds neither part files nor partitions
   * @throws IOException if a folder cannot be listed
   */
  public static List<DatasetPart> resolve(List<String> dataUris, Integer window, Configuration conf)
      throws IOException {
    if (dataUris == null || dataUris.isEmpty()) {
      throw new IllegalArgumentException("--data: at least one dataset is required");
    }
    if (window != null && window < 1) {
      throw new IllegalArgumentException("--data-window must be at least 1, got " + window);
    }
    List<DatasetPart> parts = new ArrayList<>();
    boolean anyParent = false;
    for (String uri : dataUris) {
      List<String> partitions = partitions(uri, conf);
      if (partitions == null) {
        parts.add(new DatasetPart(uri, uri, null));
        continue;
      }
      anyParent = true;
      int from = window == null ? 0 : Math.max(0, partitions.size() - window);
      for (String name : partitions.subList(from, partitions.size())) {
        parts.add(new DatasetPart(name, new Path(new Path(uri), name).toString(), uri));
      }
    }
    if (window != null && !anyParent) {
      throw new IllegalArgumentException(
          "--data-window "
              + window
              + ": no --data folder is a parent of key=value partitions ("
              + String.join(", ", dataUris)
              + ")");
    }
    return List.copyOf(parts);
  }

  /** The partition folder names under {@code uri}, sorted; null if it is not a parent folder. */
  private static List<String> partitions(String uri, Configuration conf) throws IOException {
    Path root = new Path(uri);
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    boolean parquet = false;
    for (FileStatus child : fs.listStatus(root)) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (child.isFile() && name.endsWith(".parquet")) {
        parquet = true;
      } else if (child.isDirectory() && PARTITION.matcher(name).matches()) {
        names.add(name);
      }
    }
    if (parquet || names.isEmpty()) {
      return null;
    }
    names.sort(null);
    return names;
  }
}

package io.sparkrl.spark.provenance;

import io.sparkrl.datasets.DatasetManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A dataset's fingerprint: {@code sha256:} and the lower-case hex SHA-256 of
 *
 * <ol>
 *   <li>one line {@code <relative path>\t<size in bytes>\n} per data file, sorted by relative path,
 *       for every file under the dataset location whose path has no component starting with {@code
 *       _} or {@code .} (Hadoop's hidden files: {@code _SUCCESS}, {@code _temporary}, {@code
 *       .crc});
 *   <li>then, when the location has a {@value DatasetManifest#FILE_NAME}, its bytes.
 * </ol>
 *
 * <p>Modification times are left out on purpose: a dataset copied elsewhere ({@code distcp}, an
 * upload to S3) keeps its fingerprint, while a replaced, added or removed part file, or a changed
 * manifest (episode and row counts, statistics), changes it. Only the listing and the manifest are
 * read, so the cost does not grow with the data.
 */
public final class DatasetFingerprint {

  /** The prefix of every fingerprint, naming the hash. */
  public static final String PREFIX = "sha256:";

  private DatasetFingerprint() {}

  /**
   * Computes the fingerprint of a dataset folder (or a single data file).
   *
   * @param location the dataset's URI or path
   * @param conf the Hadoop configuration to reach it with
   * @return {@value #PREFIX} followed by 64 hex digits
   * @throws IOException if the location does not exist or cannot be listed; the message names it
   */
  public static String of(String location, Configuration conf) throws IOException {
    Path root = new Path(location);
    FileSystem fs = root.getFileSystem(conf);
    FileStatus rootStatus;
    try {
      rootStatus = fs.getFileStatus(root);
    } catch (IOException e) {
      throw new IOException("dataset " + location + ": " + e.getMessage(), e);
    }
    Path qualifiedRoot = rootStatus.getPath();
    Map<String, Long> files = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedRoot, true);
    while (it.hasNext()) {
      LocatedFileStatus status = it.next();
      String relative =
          rootStatus.isDirectory()
              ? qualifiedRoot.toUri().relativize(status.getPath().toUri()).getPath()
              : status.getPath().getName();
      if (!isHidden(relative)) {
        files.put(relative, status.getLen());
      }
    }
    MessageDigest sha = sha256();
    files.forEach(
        (name, size) -> sha.update((name + "\t" + size + "\n").getBytes(StandardCharsets.UTF_8)));
    Path manifest = new Path(qualifiedRoot, DatasetManifest.FILE_NAME);
    if (rootStatus.isDirectory() && fs.exists(manifest)) {
      try (InputStream in = fs.open(manifest)) {
        sha.update(in.readAllBytes());
      }
    }
    return PREFIX + HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The fingerprint of several dataset folders read as one: {@value #PREFIX} and the SHA-256 of one
   * line {@code <name>\t<fingerprint>\n} per folder, in the order read. A folder added, removed,
   * changed or renamed (another partition) changes it. A partition's name is its folder name, so
   * where the partitions live does not count; a plain {@code --data} folder's name is its URI.
   *
   * @param parts the folders with their {@link #of} fingerprints
   * @return {@value #PREFIX} followed by 64 hex digits
   */
  public static String ofParts(java.util.List<PartitionUsed> parts) {
    MessageDigest sha = sha256();
    for (PartitionUsed part : parts) {
      sha.update((part.name() + "\t" + part.fingerprint() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return PREFIX + HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Each part with its fingerprint, taken from {@code known} (a ledger's) where present and
   * computed otherwise.
   */
  public static java.util.List<PartitionUsed> ofEach(
      java.util.List<io.sparkrl.spark.data.DatasetPart> parts,
      java.util.Map<io.sparkrl.spark.data.DatasetPart, String> known,
      Configuration conf)
      throws IOException {
    java.util.List<PartitionUsed> used = new java.util.ArrayList<>();
    for (io.sparkrl.spark.data.DatasetPart part : parts) {
      String f = known.get(part);
      used.add(new PartitionUsed(part.name(), part.uri(), f != null ? f : of(part.uri(), conf)));
    }
    return used;
  }

  /**
   * The fingerprint of the data read from {@code parts}: one plain folder keeps that folder's own
   * fingerprint, as before partitions existed; anything else is {@link #ofParts}.
   */
  public static String ofRead(
      java.util.List<io.sparkrl.spark.data.DatasetPart> parts, java.util.List<PartitionUsed> used) {
    return parts.size() == 1 && !parts.get(0).isPartition()
        ? used.get(0).fingerprint()
        : ofParts(used);
  }

  private static boolean isHidden(String relativePath) {
    for (String part : relativePath.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}

package io.sparkrl.datasets.imports;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Rewrites the shape a dataset's header claims in an HDF5 file written by {@link Hdf5Fixture},
 * leaving its data as it is: the forged headers a hostile or broken file would carry. The dataspace
 * dimensions are patched in place inside the dataset's version-2 object header ("OHDR", as jhdf
 * writes it), and the header's checksum is recomputed so that the file still opens. Public for the
 * other modules' tests (the test-jar).
 */
public final class Hdf5Forgery {

  private static final byte[] OHDR = "OHDR".getBytes(StandardCharsets.US_ASCII);
  private static final int TIMESTAMPS_FLAG = 1 << 5;
  private static final int CHECKSUM_BYTES = 4;

  private Hdf5Forgery() {}

  /** Makes {@code dataset} in {@code file} claim the shape {@code forged} (of the same rank). */
  public static Path claimShape(Path file, String dataset, long... forged) throws IOException {
    long address;
    long[] written;
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset d = hdf.getDatasetByPath(dataset);
      address = d.getAddress();
      written = d.getDimensionsAsLong();
    }
    if (written.length != forged.length) {
      throw new IllegalArgumentException(
          "forged shape " + Arrays.toString(forged) + " must keep rank " + written.length);
    }
    byte[] bytes = Files.readAllBytes(file);
    int header = Math.toIntExact(address);
    if (!Arrays.equals(Arrays.copyOfRange(bytes, header, header + OHDR.length), OHDR)) {
      throw new IllegalArgumentException(dataset + ": no version-2 object header at " + address);
    }
    int checksumAt = checksumOffset(bytes, header);
    int dims = find(bytes, header, checksumAt, littleEndian(written));
    byte[] replacement = littleEndian(forged);
    System.arraycopy(replacement, 0, bytes, dims, replacement.length);
    int checksum = ChecksumUtils.checksum(Arrays.copyOfRange(bytes, header, checksumAt));
    ByteBuffer.wrap(bytes, checksumAt, CHECKSUM_BYTES)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(checksum);
    Files.write(file, bytes);
    return file;
  }

  /** Where the checksum of the object header at {@code header} starts. */
  private static int checksumOffset(byte[] bytes, int header) {
    int flags = bytes[header + OHDR.length + 1] & 0xff;
    int at = header + OHDR.length + 2 + ((flags & TIMESTAMPS_FLAG) != 0 ? 16 : 0);
    int sizeWidth = 1 << (flags & 0x3);
    long size = 0;
    for (int i = 0; i < sizeWidth; i++) {
      size |= (bytes[at + i] & 0xffL) << (8 * i);
    }
    return Math.toIntExact(at + sizeWidth + size);
  }

  private static int find(byte[] bytes, int from, int to, byte[] pattern) {
    int found = -1;
    for (int i = from; i + pattern.length <= to; i++) {
      if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
        if (found >= 0) {
          throw new IllegalArgumentException("the dimensions appear twice in the header");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new IllegalArgumentException("the dimensions are not in the header");
    }
    return found;
  }

  private static byte[] littleEndian(long[] values) {
    ByteBuffer out = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      out.putLong(v);
    }
    return out.array();
  }
}

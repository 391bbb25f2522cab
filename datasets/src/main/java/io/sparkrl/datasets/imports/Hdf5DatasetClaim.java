package io.sparkrl.datasets.imports;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.message.DataLayout;
import io.sparkrl.datasets.validation.ValidationRule;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What an HDF5 dataset's header claims (its shape, the size of one value, the bytes they add up
 * to), checked against the file before any of it is read or allocated. A forged header is an {@link
 * ImportException} naming the file, the dataset and the rule, never an arithmetic overflow or an
 * allocation of what it claims.
 *
 * <p>Rules: every dimension is below 2^63 and their product times the value size does not overflow
 * a long; the claimed bytes fit in what the file can store for the dataset (a contiguous dataset:
 * the file's bytes from its data address on; a compact one: the 64 KiB its header can hold; an
 * unfiltered chunked one: the file's length; a compressed chunked one is bounded by the importer's
 * memory limit only, as its stored size says nothing of its decompressed size); the chunks a
 * chunked dataset lists fit in the file.
 */
final class Hdf5DatasetClaim {

  /** The most data bytes an HDF5 compact layout message holds (a 16-bit size field). */
  static final long COMPACT_MAX_BYTES = 65_535;

  private final String name;
  private final long[] dims;
  private final int valueBytes;
  private final long values;
  private final long bytes;
  private final long chunkBytes;

  private Hdf5DatasetClaim(
      String name, long[] dims, int valueBytes, long values, long bytes, long chunkBytes) {
    this.name = name;
    this.dims = dims;
    this.valueBytes = valueBytes;
    this.values = values;
    this.bytes = bytes;
    this.chunkBytes = chunkBytes;
  }

  /**
   * Checks the claim of {@code dataset} (called {@code name}) in the file {@code source} of {@code
   * fileLength} bytes.
   *
   * @throws ImportException ({@link ValidationRule#CORRUPT_FILE}) if a rule above is broken or the
   *     header cannot be read
   */
  static Hdf5DatasetClaim check(Dataset dataset, String name, String source, long fileLength) {
    long[] dims;
    int valueBytes;
    DataLayout layout;
    try {
      dims = dataset.getDimensionsAsLong();
      valueBytes = dataset.getDataType().getSize();
      layout = dataset.getDataLayout();
    } catch (RuntimeException e) {
      throw corrupt(source, name, "has an unreadable header: " + e.getMessage(), e);
    }
    String shape = shapeOf(dims);
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw corrupt(source, name, "has shape " + shape + ": dimension " + i + " is beyond 2^63");
      }
    }
    long values = 1;
    long bytes;
    try {
      for (long d : dims) {
        values = Math.multiplyExact(values, d);
      }
      bytes = Math.multiplyExact(values, (long) valueBytes);
    } catch (ArithmeticException e) {
      throw corrupt(
          source,
          name,
          "has shape "
              + shape
              + " of "
              + valueBytes
              + "-byte values: its size overflows a 64-bit byte count");
    }
    long chunkBytes = chunkBytesOf(dataset, layout, valueBytes, source, name, fileLength);
    Hdf5DatasetClaim claim =
        new Hdf5DatasetClaim(name, dims, valueBytes, values, bytes, chunkBytes);
    claim.checkFits(dataset, layout, source, fileLength);
    return claim;
  }

  /** The dataset's name in the file, as errors name it. */
  String name() {
    return name;
  }

  /** The dimensions as the header states them. */
  long[] dims() {
    return dims.clone();
  }

  /** The number of dimensions; 0 for a scalar. */
  int rank() {
    return dims.length;
  }

  /** Dimension {@code i}. */
  long dim(int i) {
    return dims[i];
  }

  /** The number of values: the product of the dimensions (1 for a scalar). */
  long values() {
    return values;
  }

  /** The values per row: the product of all dimensions but the first (1 for a column). */
  long valuesPerRow() {
    long perRow = 1;
    for (int i = 1; i < dims.length; i++) {
      perRow *= dims[i]; // no overflow: a factor of values(), which did not overflow
    }
    return perRow;
  }

  /** The bytes one value takes in the file. */
  int valueBytes() {
    return valueBytes;
  }

  /** The bytes of all values as stored uncompressed. */
  long bytes() {
    return bytes;
  }

  /** The bytes of one uncompressed chunk, 0 unless the dataset is chunked. */
  long chunkBytes() {
    return chunkBytes;
  }

  /** The shape as errors show it, e.g. "[2000000000, 4]". */
  String shape() {
    return shapeOf(dims);
  }

  /** The dimensions as jhdf's int API takes them; checked not to exceed Integer.MAX_VALUE. */
  int[] intDims(String source) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        throw ImportException.of(
            source,
            name,
            ValidationRule.IMPORT_LIMIT,
            "dataset "
                + name
                + " has shape "
                + shape()
                + ": dimension "
                + i
                + " exceeds "
                + Integer.MAX_VALUE
                + ", the most a Java array holds");
      }
      out[i] = (int) dims[i];
    }
    return out;
  }

  private void checkFits(Dataset dataset, DataLayout layout, String source, long fileLength) {
    long room;
    String where;
    switch (layout) {
      case COMPACT -> {
        room = Math.min(COMPACT_MAX_BYTES, fileLength);
        where = "a compact dataset's header holds at most " + ByteSize.describe(room);
      }
      case CONTIGUOUS -> {
        long address = dataset instanceof ContiguousDataset c ? c.getDataAddress() : 0;
        // jhdf reports an unallocated dataset (nothing written) as address -1.
        room = address < 0 || address > fileLength ? 0 : fileLength - address;
        where = "the file holds " + ByteSize.describe(room) + " from its data address on";
      }
      case CHUNKED -> {
        room = dataset.getFilters().isEmpty() ? fileLength : Long.MAX_VALUE;
        where = "the file holds " + ByteSize.describe(fileLength) + " and it is not compressed";
      }
      default -> throw corrupt(source, name, "has the unknown layout " + layout);
    }
    if (bytes > room) {
      throw corrupt(
          source,
          name,
          "has shape "
              + shape()
              + " of "
              + valueBytes
              + "-byte values, which claims "
              + ByteSize.describe(bytes)
              + ", but "
              + where);
    }
  }

  private static long chunkBytesOf(
      Dataset dataset,
      DataLayout layout,
      int valueBytes,
      String source,
      String name,
      long fileLength) {
    if (layout != DataLayout.CHUNKED || !(dataset instanceof ChunkedDataset chunked)) {
      return 0;
    }
    int[] chunkDims;
    long stored;
    try {
      chunkDims = chunked.getChunkDimensions();
      stored = dataset.getStorageInBytes();
    } catch (RuntimeException e) {
      throw corrupt(source, name, "has an unreadable chunk index: " + e.getMessage(), e);
    }
    if (stored > fileLength) {
      throw corrupt(
          source,
          name,
          "lists chunks of "
              + ByteSize.describe(stored)
              + ", but the file holds "
              + ByteSize.describe(fileLength));
    }
    long chunk = valueBytes;
    try {
      for (int d : chunkDims) {
        chunk = Math.multiplyExact(chunk, (long) d);
      }
    } catch (ArithmeticException e) {
      throw corrupt(
          source,
          name,
          "has chunks of shape "
              + Arrays.toString(chunkDims)
              + ": their size overflows a 64-bit byte count");
    }
    return chunk;
  }

  private static String shapeOf(long[] dims) {
    return Arrays.stream(dims)
        .mapToObj(Long::toUnsignedString)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static ImportException corrupt(String source, String name, String detail) {
    return ImportException.of(
        source, name, ValidationRule.CORRUPT_FILE, "dataset " + name + " " + detail);
  }

  private static ImportException corrupt(
      String source, String name, String detail, RuntimeException cause) {
    return ImportException.of(
        source, name, ValidationRule.CORRUPT_FILE, "dataset " + name + " " + detail, cause);
  }
}

package io.sparkrl.datasets.imports;

import io.jhdf.api.Dataset;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.sparkrl.datasets.validation.ValidationRule;
import java.util.Arrays;

/**
 * Reads an HDF5 dataset a block of rows at a time (a slice along its first dimension), so that no
 * read allocates more than one block, whatever the dataset's length. Values come back as one
 * row-major {@code double[]} per block ({@link Hdf5Numbers}).
 */
final class Hdf5RowBlocks {

  private final Dataset dataset;
  private final String source;
  private final String name;
  private final int[] dims;
  private final int valuesPerRow;
  private double[] compact;

  /**
   * @param dims the dataset's dimensions, already checked by {@link Hdf5DatasetClaim} (rank at
   *     least 1, each within an int, values per row within an int)
   */
  Hdf5RowBlocks(Dataset dataset, int[] dims, String source, String name) {
    this.dataset = dataset;
    this.source = source;
    this.name = name;
    this.dims = dims.clone();
    long perRow = 1;
    for (int i = 1; i < dims.length; i++) {
      perRow *= dims[i];
    }
    this.valuesPerRow = Math.toIntExact(perRow);
  }

  /** The dataset's rows. */
  int rows() {
    return dims[0];
  }

  /** Rows {@code first .. first + count − 1}, row-major; {@code count} must be at least 1. */
  double[] read(int first, int count) {
    if (compact != null) {
      return slice(compact, first, count);
    }
    int[] slice = dims.clone();
    slice[0] = count;
    long[] offset = new long[dims.length];
    offset[0] = first;
    try {
      return Hdf5Numbers.toDoubles(dataset.getData(offset, slice), source, name);
    } catch (UnsupportedHdfException e) {
      // Compact datasets cannot be sliced; Hdf5DatasetClaim bounded them to 64 KiB, so read whole.
      compact = readWhole();
      return slice(compact, first, count);
    } catch (ImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw corrupt(e);
    }
  }

  private double[] readWhole() {
    try {
      return Hdf5Numbers.toDoubles(dataset.getData(), source, name);
    } catch (ImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw corrupt(e);
    }
  }

  private double[] slice(double[] all, int first, int count) {
    int from = Math.multiplyExact(first, valuesPerRow);
    int to = Math.multiplyExact(first + count, valuesPerRow);
    if (to > all.length) {
      throw ImportException.of(
          source,
          name,
          ValidationRule.CORRUPT_FILE,
          "dataset " + name + " holds " + all.length + " values, fewer than its shape claims");
    }
    return Arrays.copyOfRange(all, from, to);
  }

  private ImportException corrupt(RuntimeException cause) {
    return ImportException.of(
        source,
        name,
        ValidationRule.CORRUPT_FILE,
        "dataset " + name + " cannot be read: " + cause.getMessage(),
        cause);
  }
}

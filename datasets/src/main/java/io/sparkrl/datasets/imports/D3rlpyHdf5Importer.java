package io.sparkrl.datasets.imports;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.ValidationRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * Reads a d3rlpy v0.23 {@code MDPDataset} HDF5 file (as written by {@code MDPDataset.dump}) into
 * episode rows with the reward alignment of docs/design.md §2.
 *
 * <p>Datasets: {@code observations} (N×features, or N×C×H×W images), {@code actions} (N or N×1),
 * {@code rewards} (N), {@code terminals} (N) in any numeric dtype or bool, and the scalar {@code
 * discrete_action} (an int, or the bool enum h5py writes). A file whose {@code discrete_action} is
 * false is refused: continuous actions are not supported.
 *
 * <p>Alignment: d3rlpy splits episodes after every index i with {@code terminals[i]} non-zero; an
 * episode of observations o_0..o_{n−1} starting at file index h has transitions t = 0..n−2, and
 * transition t learns from reward {@code rewards[h+t+1]}. Each transition becomes one row (o_t,
 * a_t, {@code rewards[h+t+1]}), and the last row (t = n−2) has {@code terminal = true}: an {@link
 * io.sparkrl.datasets.EndKind#TERMINAL} episode whose last row has no bootstrap, so the TD(λ)
 * return of every row equals d3rlpy's. The terminal observation o_{n−1} ends the episode and is not
 * a row; {@code rewards[h]} is never used, as in d3rlpy.
 *
 * <p>Not imported, but counted in {@link #report()}: observations after the last terminal (d3rlpy
 * drops them) and episodes of a single observation (no transition). Episode ids are d3rlpy's
 * episode indices ("0", "1", …), so a skipped single-observation episode leaves its id unused;
 * steps count from 0; the row source is the file name. Image values must be integers in 0..255;
 * vectors become floats. Nothing else is validated here.
 *
 * <p>{@code actions}, {@code rewards} and {@code terminals} are read when the file is opened;
 * observations are read in blocks while the rows are iterated, so the importer must stay open until
 * the iteration ends. Errors are {@link ImportException}s naming the file and dataset.
 */
public final class D3rlpyHdf5Importer implements AutoCloseable {

  public static final String OBSERVATIONS = "observations";
  public static final String ACTIONS = "actions";
  public static final String REWARDS = "rewards";
  public static final String TERMINALS = "terminals";
  public static final String DISCRETE_ACTION = "discrete_action";

  /** Observation values read per block (8 MiB as doubles). */
  private static final int BLOCK_VALUES = 1 << 20;

  private static final int MAX_PIXEL = 255;

  private final String source;
  private final HdfFile hdf;
  private final Dataset observations;
  private final int[] observationDims;
  private final ObservationShape shape;
  private final int[] actions;
  private final float[] rewards;
  private final int[] episodeEnds;
  private final ImportReport report;
  private final int blockValues;

  private D3rlpyHdf5Importer(String source, HdfFile hdf, int blockValues) {
    this.source = source;
    this.hdf = hdf;
    this.blockValues = blockValues;
    double[] discrete = read(dataset(DISCRETE_ACTION), DISCRETE_ACTION);
    if (discrete.length != 1) {
      throw mistyped(DISCRETE_ACTION, "must be a scalar flag, has " + discrete.length + " values");
    }
    if (discrete[0] == 0) {
      throw mistyped(
          DISCRETE_ACTION,
          "is false: continuous actions are not supported (DiscreteAWR needs discrete actions)");
    }
    observations = dataset(OBSERVATIONS);
    observationDims = observations.getDimensions();
    shape = shapeOf(observationDims);
    int n = observationDims[0];
    actions = actionsOf(dataset(ACTIONS), n);
    double[] rewardValues = column(REWARDS, n);
    rewards = new float[n];
    for (int i = 0; i < n; i++) {
      rewards[i] = (float) rewardValues[i];
    }
    double[] terminals = column(TERMINALS, n);
    episodeEnds = IntStream.range(0, n).filter(i -> terminals[i] != 0).toArray();
    report = reportOf(n);
  }

  /**
   * Opens {@code file}, reads its flags, actions, rewards and terminals, and checks that its
   * actions are discrete.
   *
   * @throws ImportException if the file cannot be read, is not a d3rlpy MDPDataset file, has
   *     continuous actions, or has datasets of the wrong type or length
   */
  public static D3rlpyHdf5Importer open(Path file) {
    return open(file, BLOCK_VALUES);
  }

  /** As {@link #open(Path)}, reading about {@code blockValues} observation values at a time. */
  static D3rlpyHdf5Importer open(Path file, int blockValues) {
    String source = String.valueOf(file.getFileName());
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw ImportException.of(
          source, null, ValidationRule.UNREADABLE_PATH, "cannot read file " + file);
    }
    HdfFile hdf;
    try {
      hdf = new HdfFile(file);
    } catch (RuntimeException e) {
      throw ImportException.of(
          source,
          null,
          ValidationRule.CORRUPT_FILE,
          "not a readable HDF5 file (" + file + "): " + e.getMessage(),
          e);
    }
    try {
      return new D3rlpyHdf5Importer(source, hdf, blockValues);
    } catch (RuntimeException e) {
      hdf.close();
      throw e;
    }
  }

  /** The shape of one observation: [features] or [C, H, W]. */
  public ObservationShape observationShape() {
    return shape;
  }

  /** Counts of what {@link #rows()} yields and of what the format leaves out. */
  public ImportReport report() {
    return report;
  }

  /**
   * The rows of all episodes in file order, read lazily. Each call starts a new pass.
   *
   * @throws ImportException from {@code next()} if an image value is not a uint8 pixel or the
   *     observations cannot be read
   */
  public Iterator<EpisodeRow> rows() {
    return new RowIterator();
  }

  @Override
  public void close() {
    hdf.close();
  }

  private ImportReport reportOf(int n) {
    long episodes = 0;
    long rows = 0;
    long single = 0;
    int head = 0;
    for (int end : episodeEnds) {
      int length = end - head + 1;
      if (length == 1) {
        single++;
      } else {
        episodes++;
        rows += length - 1;
      }
      head = end + 1;
    }
    return new ImportReport(source, episodes, rows, n - head, single);
  }

  private Dataset dataset(String name) {
    Node node = hdf.getChild(name);
    if (node == null) {
      throw ImportException.of(
          source,
          name,
          ValidationRule.MISSING_COLUMN,
          "dataset "
              + name
              + " is missing (a d3rlpy MDPDataset file has observations, actions, rewards,"
              + " terminals and discrete_action)");
    }
    if (!(node instanceof Dataset dataset)) {
      throw mistyped(name, "is a " + node.getType() + ", not a dataset");
    }
    return dataset;
  }

  private double[] read(Dataset dataset, String name) {
    if (dataset.isEmpty()) {
      return new double[0];
    }
    try {
      return Hdf5Numbers.toDoubles(dataset.getData(), source, name);
    } catch (ImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw corrupt(name, e);
    }
  }

  private ObservationShape shapeOf(int[] dims) {
    boolean positive = Arrays.stream(dims).skip(1).allMatch(d -> d > 0);
    if (dims.length == 2 && positive) {
      return ObservationShape.vector(dims[1]);
    }
    if (dims.length == 4 && positive) {
      return ObservationShape.image(dims[1], dims[2], dims[3]);
    }
    throw ImportException.of(
        source,
        OBSERVATIONS,
        ValidationRule.OBSERVATION_SHAPE,
        "dataset observations has shape "
            + Arrays.toString(dims)
            + ", expected N×features or N×C×H×W");
  }

  /** A dataset of n values, shaped (n) or (n, 1) as d3rlpy reshapes it. */
  private double[] column(String name, int n) {
    Dataset dataset = dataset(name);
    int[] dims = dataset.getDimensions();
    boolean columnShape = dims.length == 1 || (dims.length == 2 && dims[1] == 1);
    if (!columnShape || dims[0] != n) {
      throw ImportException.of(
          source,
          name,
          ValidationRule.CORRUPT_FILE,
          "dataset "
              + name
              + " has shape "
              + Arrays.toString(dims)
              + ", expected ["
              + n
              + "] to match the "
              + n
              + " observations");
    }
    return read(dataset, name);
  }

  private int[] actionsOf(Dataset dataset, int n) {
    int[] dims = dataset.getDimensions();
    if (dims.length == 2 && dims[1] > 1) {
      throw mistyped(
          ACTIONS,
          "has shape "
              + Arrays.toString(dims)
              + ": continuous action vectors are not supported, expected one discrete action per"
              + " row");
    }
    double[] values = column(ACTIONS, n);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      double v = values[i];
      if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw mistyped(ACTIONS, "index " + i + ": " + v + " is not an integer action");
      }
      out[i] = (int) v;
    }
    return out;
  }

  private ImportException mistyped(String name, String detail) {
    return ImportException.of(
        source, name, ValidationRule.MISTYPED_COLUMN, "dataset " + name + " " + detail);
  }

  private ImportException corrupt(String name, RuntimeException cause) {
    return ImportException.of(
        source,
        name,
        ValidationRule.CORRUPT_FILE,
        "dataset " + name + " cannot be read: " + cause.getMessage(),
        cause);
  }

  /** Walks the episodes with at least one transition, reading observations block by block. */
  private final class RowIterator implements Iterator<EpisodeRow> {
    private final int blockRows = Math.max(1, blockValues / shape.size());
    private int episode = -1;
    private int head;
    private int length;
    private int t;
    private int blockStart;
    private int blockLength;
    private double[] block;

    RowIterator() {
      nextEpisode();
    }

    private void nextEpisode() {
      do {
        episode++;
        head = episode == 0 ? 0 : episodeEnds[episode - 1] + 1;
        length = episode < episodeEnds.length ? episodeEnds[episode] - head + 1 : 0;
      } while (episode < episodeEnds.length && length < 2);
      t = 0;
    }

    @Override
    public boolean hasNext() {
      return episode < episodeEnds.length;
    }

    @Override
    public EpisodeRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = head + t;
      int size = shape.size();
      int at = offsetOf(i) * size;
      float[] vector = null;
      byte[] image = null;
      if (shape.isImage()) {
        image = new byte[size];
        for (int j = 0; j < size; j++) {
          image[j] = pixel(block[at + j], i, j);
        }
      } else {
        vector = new float[size];
        for (int j = 0; j < size; j++) {
          vector[j] = (float) block[at + j];
        }
      }
      boolean last = t == length - 2;
      EpisodeRow row =
          new EpisodeRow(
              source,
              Integer.toString(episode),
              t,
              vector,
              image,
              actions[i],
              rewards[i + 1],
              last,
              false,
              Float.NaN);
      t++;
      if (last) {
        nextEpisode();
      }
      return row;
    }

    /** Observation i's row within the current block, loading the block that holds it. */
    private int offsetOf(int i) {
      if (block == null || i < blockStart || i >= blockStart + blockLength) {
        int[] slice = observationDims.clone();
        slice[0] = Math.min(blockRows, observationDims[0] - i);
        long[] offset = new long[slice.length];
        offset[0] = i;
        try {
          block = Hdf5Numbers.toDoubles(observations.getData(offset, slice), source, OBSERVATIONS);
          blockStart = i;
          blockLength = slice[0];
        } catch (UnsupportedHdfException e) {
          // Compact datasets cannot be sliced; they are small, so read them whole.
          block = read(observations, OBSERVATIONS);
          blockStart = 0;
          blockLength = observationDims[0];
        } catch (ImportException e) {
          throw e;
        } catch (RuntimeException e) {
          throw corrupt(OBSERVATIONS, e);
        }
      }
      return i - blockStart;
    }

    private byte pixel(double v, int row, int j) {
      if (v != Math.rint(v) || v < 0 || v > MAX_PIXEL) {
        int[] dims = shape.dims();
        int w = j % dims[2];
        int h = (j / dims[2]) % dims[1];
        int c = j / (dims[2] * dims[1]);
        String value = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        throw mistyped(
            OBSERVATIONS,
            "index ["
                + row
                + ", "
                + c
                + ", "
                + h
                + ", "
                + w
                + "]: "
                + value
                + " is not a uint8 pixel value (an integer in 0..255)");
      }
      return (byte) (int) v;
    }
  }
}

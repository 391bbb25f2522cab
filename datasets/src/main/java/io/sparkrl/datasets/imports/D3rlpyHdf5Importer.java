package io.sparkrl.datasets.imports;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Limits (docs/design.md §2.3): before anything is read, each dataset's claimed shape is checked
 * against the bytes the file holds for it ({@link Hdf5DatasetClaim}), the row counts against each
 * other, and the heap the import needs (16 bytes a row plus one block) against a memory limit, half
 * the JVM's maximum heap by default; one observation has at most {@link #MAX_OBSERVATION_VALUES}
 * values. {@code actions}, {@code rewards} and {@code terminals} are then read a block at a time
 * when the file is opened; observations are read in blocks while the rows are iterated, so the
 * importer must stay open until the iteration ends. Errors are {@link ImportException}s naming the
 * file and dataset.
 */
public final class D3rlpyHdf5Importer implements AutoCloseable {

  public static final String OBSERVATIONS = "observations";
  public static final String ACTIONS = "actions";
  public static final String REWARDS = "rewards";
  public static final String TERMINALS = "terminals";
  public static final String DISCRETE_ACTION = "discrete_action";

  /** Values read per block, of observations and of the other columns (8 MiB as doubles). */
  private static final int BLOCK_VALUES = 1 << 20;

  /** The share of the JVM's maximum heap an import may hold: its default memory limit. */
  static final double HEAP_SHARE = 0.5;

  /** The most values one observation may have (128 MiB as doubles; an 84×84×4 frame has 28224). */
  static final long MAX_OBSERVATION_VALUES = 1 << 24;

  /** The most rows a file may have: Java arrays hold the actions and rewards. */
  static final long MAX_ROWS = Integer.MAX_VALUE - 8;

  /**
   * Heap per row held while the file is open: an int action and a float reward, and an int terminal
   * index twice while the terminals are collected.
   */
  private static final long HEAP_BYTES_PER_ROW = 16;

  /** Copies of a block alive while it is read: the slice, jhdf's array and the doubles. */
  private static final long BLOCK_COPIES = 3;

  private static final int MAX_PIXEL = 255;

  private final String source;
  private final HdfFile hdf;
  private final Hdf5RowBlocks observations;
  private final ObservationShape shape;
  private final int[] actions;
  private final float[] rewards;
  private final int[] episodeEnds;
  private final ImportReport report;
  private final int blockValues;

  private D3rlpyHdf5Importer(
      String source, HdfFile hdf, long fileLength, int blockValues, long memoryLimit) {
    this.source = source;
    this.hdf = hdf;
    this.blockValues = blockValues;
    // Every claim is checked against the file, and the rows against each other and the memory
    // limit, before anything is read: a forged header fails here, not in an allocation.
    Dataset flagSet = dataset(DISCRETE_ACTION);
    Hdf5DatasetClaim flag = Hdf5DatasetClaim.check(flagSet, DISCRETE_ACTION, source, fileLength);
    Dataset observationSet = dataset(OBSERVATIONS);
    Hdf5DatasetClaim obs = Hdf5DatasetClaim.check(observationSet, OBSERVATIONS, source, fileLength);
    Dataset actionSet = dataset(ACTIONS);
    Hdf5DatasetClaim act = Hdf5DatasetClaim.check(actionSet, ACTIONS, source, fileLength);
    Dataset rewardSet = dataset(REWARDS);
    Hdf5DatasetClaim rew = Hdf5DatasetClaim.check(rewardSet, REWARDS, source, fileLength);
    Dataset terminalSet = dataset(TERMINALS);
    Hdf5DatasetClaim term = Hdf5DatasetClaim.check(terminalSet, TERMINALS, source, fileLength);
    checkDiscrete(flagSet, flag);
    shape = shapeOf(obs);
    long rowCount = obs.dim(0);
    checkActionShape(act);
    checkColumn(act, rowCount);
    checkColumn(rew, rowCount);
    checkColumn(term, rowCount);
    checkMemory(obs, rowCount, memoryLimit, act, rew, term);
    int n = (int) rowCount;
    observations = new Hdf5RowBlocks(observationSet, obs.intDims(source), source, OBSERVATIONS);
    actions = new int[n];
    forEachValue(actionSet, act, (i, v) -> actions[i] = action(i, v));
    rewards = new float[n];
    forEachValue(rewardSet, rew, (i, v) -> rewards[i] = (float) v);
    IntStream.Builder ends = IntStream.builder();
    forEachValue(
        terminalSet,
        term,
        (i, v) -> {
          if (v != 0) {
            ends.add(i);
          }
        });
    episodeEnds = ends.build().toArray();
    report = reportOf(n);
  }

  /**
   * Opens {@code file}, checks what its datasets claim against the file and the memory limit (half
   * the JVM's maximum heap), reads its flags, actions, rewards and terminals, and checks that its
   * actions are discrete.
   *
   * @throws ImportException if the file cannot be read, is not a d3rlpy MDPDataset file, has
   *     continuous actions, has datasets of the wrong type or length, claims more data than it
   *     holds, or needs more memory than the limit
   */
  public static D3rlpyHdf5Importer open(Path file) {
    return open(file, BLOCK_VALUES);
  }

  /** As {@link #open(Path)}, reading about {@code blockValues} values at a time. */
  static D3rlpyHdf5Importer open(Path file, int blockValues) {
    return open(file, blockValues, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
  }

  /** As {@link #open(Path, int)}, holding at most about {@code memoryLimit} bytes of heap. */
  static D3rlpyHdf5Importer open(Path file, int blockValues, long memoryLimit) {
    String source = String.valueOf(file.getFileName());
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw ImportException.of(
          source, null, ValidationRule.UNREADABLE_PATH, "cannot read file " + file);
    }
    HdfFile hdf;
    long fileLength;
    try {
      fileLength = Files.size(file);
      hdf = new HdfFile(file);
    } catch (IOException | RuntimeException e) {
      throw ImportException.of(
          source,
          null,
          ValidationRule.CORRUPT_FILE,
          "not a readable HDF5 file (" + file + "): " + e.getMessage(),
          e);
    }
    try {
      return new D3rlpyHdf5Importer(source, hdf, fileLength, blockValues, memoryLimit);
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

  private void checkDiscrete(Dataset dataset, Hdf5DatasetClaim flag) {
    if (flag.values() != 1) {
      throw mistyped(
          DISCRETE_ACTION, "must be a scalar flag, has shape " + flag.shape() + " of values");
    }
    double[] discrete;
    try {
      discrete = Hdf5Numbers.toDoubles(dataset.getData(), source, DISCRETE_ACTION);
    } catch (ImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ImportException.of(
          source,
          DISCRETE_ACTION,
          ValidationRule.CORRUPT_FILE,
          "dataset " + DISCRETE_ACTION + " cannot be read: " + e.getMessage(),
          e);
    }
    if (discrete[0] == 0) {
      throw mistyped(
          DISCRETE_ACTION,
          "is false: continuous actions are not supported (DiscreteAWR needs discrete actions)");
    }
  }

  private ObservationShape shapeOf(Hdf5DatasetClaim obs) {
    boolean positive = true;
    for (int i = 1; i < obs.rank(); i++) {
      positive &= obs.dim(i) > 0;
    }
    if (!positive || (obs.rank() != 2 && obs.rank() != 4)) {
      throw ImportException.of(
          source,
          OBSERVATIONS,
          ValidationRule.OBSERVATION_SHAPE,
          "dataset observations has shape " + obs.shape() + ", expected N×features or N×C×H×W");
    }
    if (obs.valuesPerRow() > MAX_OBSERVATION_VALUES) {
      throw ImportException.of(
          source,
          OBSERVATIONS,
          ValidationRule.IMPORT_LIMIT,
          "dataset observations has shape "
              + obs.shape()
              + ": one observation has "
              + obs.valuesPerRow()
              + " values, more than the "
              + MAX_OBSERVATION_VALUES
              + " an import allows");
    }
    int[] dims = obs.intDims(source);
    return dims.length == 2
        ? ObservationShape.vector(dims[1])
        : ObservationShape.image(dims[1], dims[2], dims[3]);
  }

  private void checkActionShape(Hdf5DatasetClaim act) {
    if (act.rank() == 2 && act.dim(1) > 1) {
      throw mistyped(
          ACTIONS,
          "has shape "
              + act.shape()
              + ": continuous action vectors are not supported, expected one discrete action per"
              + " row");
    }
  }

  /** A dataset of n values, shaped (n) or (n, 1) as d3rlpy reshapes it. */
  private void checkColumn(Hdf5DatasetClaim claim, long n) {
    boolean columnShape = claim.rank() == 1 || (claim.rank() == 2 && claim.dim(1) == 1);
    if (!columnShape || claim.dim(0) != n) {
      throw ImportException.of(
          source,
          claim.name(),
          ValidationRule.CORRUPT_FILE,
          "dataset "
              + claim.name()
              + " has shape "
              + claim.shape()
              + ", expected ["
              + n
              + "] to match the "
              + n
              + " observations");
    }
  }

  /** The heap the import holds for n rows plus one block, against the limit. */
  private void checkMemory(
      Hdf5DatasetClaim obs, long n, long memoryLimit, Hdf5DatasetClaim... columns) {
    if (n > MAX_ROWS) {
      throw ImportException.of(
          source,
          OBSERVATIONS,
          ValidationRule.IMPORT_LIMIT,
          "dataset observations has shape "
              + obs.shape()
              + ": "
              + n
              + " rows are more than the "
              + MAX_ROWS
              + " an import holds (one Java array of actions and one of rewards)");
    }
    long chunk = obs.chunkBytes();
    for (Hdf5DatasetClaim c : columns) {
      chunk = Math.max(chunk, c.chunkBytes());
    }
    long needed;
    try {
      long block = BLOCK_COPIES * Double.BYTES * Math.max(blockValues, obs.valuesPerRow());
      needed =
          Math.addExact(
              Math.multiplyExact(HEAP_BYTES_PER_ROW, n),
              Math.addExact(block, Math.multiplyExact(2, chunk)));
    } catch (ArithmeticException e) {
      needed = Long.MAX_VALUE;
    }
    if (needed > memoryLimit) {
      throw ImportException.of(
          source,
          OBSERVATIONS,
          ValidationRule.IMPORT_LIMIT,
          "dataset observations has "
              + n
              + " rows: their actions, rewards and terminals and one block of reading need about "
              + ByteSize.describe(needed)
              + " of heap, more than the import's limit of "
              + ByteSize.describe(memoryLimit)
              + " (half the JVM's maximum heap: raise -Xmx)");
    }
  }

  private interface ValueSink {
    void accept(int index, double value);
  }

  /** Every value of a column dataset, read a block of rows at a time. */
  private void forEachValue(Dataset dataset, Hdf5DatasetClaim claim, ValueSink sink) {
    Hdf5RowBlocks blocks = new Hdf5RowBlocks(dataset, claim.intDims(source), source, claim.name());
    int n = blocks.rows();
    for (int first = 0; first < n; first += blockValues) {
      int count = Math.min(blockValues, n - first);
      double[] values = blocks.read(first, count);
      for (int j = 0; j < count; j++) {
        sink.accept(first + j, values[j]);
      }
    }
  }

  private int action(int i, double v) {
    if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw mistyped(ACTIONS, "index " + i + ": " + v + " is not an integer action");
    }
    return (int) v;
  }

  private ImportException mistyped(String name, String detail) {
    return ImportException.of(
        source, name, ValidationRule.MISTYPED_COLUMN, "dataset " + name + " " + detail);
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
        blockLength = Math.min(blockRows, observations.rows() - i);
        block = observations.read(i, blockLength);
        blockStart = i;
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

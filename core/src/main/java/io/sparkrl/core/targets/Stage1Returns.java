package io.sparkrl.core.targets;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.ChunkedForward;
import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.returns.LambdaReturns;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;

/**
 * Stage 1 for one partition, without Spark: rebuilds the critic once from a {@link CriticSnapshot},
 * then turns runs of consecutive episodes into {@link TrainingBlock}s. For each block it stacks and
 * scales every row of its episodes with core's {@link ObservationBatch} (as {@link
 * AwrLearner#episodeValues} does), computes V(s) in inference mode with core's {@link
 * ChunkedForward} (chunks of {@link AwrLearner#INFERENCE_CHUNK_ROWS} rows across episodes), and the
 * λ-returns with core's {@link LambdaReturns}. A cut-off episode's last row feeds V(s_T) but is no
 * training row.
 *
 * <p>Not thread-safe (one network): one instance per task.
 */
public final class Stage1Returns {

  /** Default rows per block: one inference chunk. */
  public static final int DEFAULT_BLOCK_ROWS = AwrLearner.INFERENCE_CHUNK_ROWS;

  private final ChunkedForward forward;
  private final ObservationBatch inputs;
  private final double gamma;
  private final double lambda;
  private final int blockRows;

  /**
   * Stage 1 with a critic rebuilt from a snapshot (once per task on an executor).
   *
   * @param snapshot the round's critic
   * @param blockRows a block is closed once its episodes hold at least this many rows (an episode
   *     is never split), ≥ 1
   */
  public Stage1Returns(CriticSnapshot snapshot, int blockRows) {
    this(
        snapshot.config(),
        snapshot.inputs(),
        new ChunkedForward(snapshot.rebuildCritic(), snapshot.inputs()),
        blockRows);
  }

  /**
   * Stage 1 with a learner's live critic (in one JVM: no copy of the parameters). The critic must
   * not train while the blocks are read.
   *
   * @param learner the learner whose current critic gives the values
   * @param blockRows as {@link #Stage1Returns(CriticSnapshot, int)}
   */
  public Stage1Returns(AwrLearner learner, int blockRows) {
    this(learner.config(), learner.inputs(), learner.criticForward(), blockRows);
  }

  private Stage1Returns(
      AwrConfig config, ObservationBatch inputs, ChunkedForward forward, int blockRows) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("block rows must be >= 1, got " + blockRows);
    }
    this.inputs = inputs;
    this.forward = forward;
    this.gamma = config.gamma();
    this.lambda = config.lam();
    this.blockRows = blockRows;
  }

  /**
   * The blocks of a partition's episodes, built lazily as the iterator is read.
   *
   * @param episodes indexed episodes in ascending global order; a gap in the numbering starts a new
   *     block
   */
  public Iterator<TrainingBlock> blocks(Iterator<IndexedEpisode> episodes) {
    return new Blocks(episodes, null);
  }

  /**
   * Blocks of the episodes' last rows, from the row {@code fromRow} gives each episode on: a round
   * that uses none of an episode's first rows needs neither their values nor their returns, and
   * every return from that row on is the same float as over the whole episode. Rows are numbered by
   * {@link TrainingBlock#transitionIndex}.
   *
   * @param episodes indexed episodes in ascending global order
   * @param fromRow each episode's first row, 0 ≤ row < its {@link Episode#transitionCount()}
   */
  public Iterator<TrainingBlock> lastRows(
      Iterator<IndexedEpisode> episodes, ToIntFunction<IndexedEpisode> fromRow) {
    return new Blocks(episodes, fromRow);
  }

  /**
   * One block of episodes that are consecutive in the global numbering.
   *
   * @param run at least one episode; each starts where the previous one ends
   * @throws IllegalArgumentException if the run is empty or not consecutive
   */
  public TrainingBlock block(List<IndexedEpisode> run) {
    if (run.isEmpty()) {
      throw new IllegalArgumentException("a training block needs at least one episode");
    }
    for (int i = 1; i < run.size(); i++) {
      if (run.get(i).firstTransition() != run.get(i - 1).endTransition()) {
        throw new IllegalArgumentException(
            "episode " + run.get(i).episode().id() + " does not follow the previous one");
      }
    }
    return block(run, null);
  }

  private TrainingBlock block(List<IndexedEpisode> run, int[] fromRows) {
    int rowSize = inputs.rowSize();
    int rows = 0;
    int transitions = 0;
    for (int i = 0; i < run.size(); i++) {
      int from = fromRows == null ? 0 : fromRows[i];
      rows = Math.addExact(rows, run.get(i).episode().length() - from);
      transitions += run.get(i).episode().transitionCount() - from;
    }
    float[] stacked = new float[Math.multiplyExact(rows, rowSize)];
    int at = 0;
    for (int i = 0; i < run.size(); i++) {
      Episode episode = run.get(i).episode();
      int from = fromRows == null ? 0 : fromRows[i];
      int n = episode.length() - from;
      System.arraycopy(inputs.gatherRows(episode, from, n), 0, stacked, at * rowSize, n * rowSize);
      at += n;
    }
    float[] values = values(stacked, rows);

    boolean allRows = transitions == rows;
    float[] observations = allRows ? stacked : new float[transitions * rowSize];
    int[] actions = new int[transitions];
    float[] returns = new float[transitions];
    float[] baselines = new float[transitions];
    long[] indices = fromRows == null ? null : new long[transitions];
    int row = 0;
    int out = 0;
    for (int i = 0; i < run.size(); i++) {
      Episode episode = run.get(i).episode();
      int from = fromRows == null ? 0 : fromRows[i];
      int n = episode.length() - from;
      int count = episode.transitionCount() - from;
      float[] v = Arrays.copyOfRange(values, row, row + n);
      LambdaReturns.computeFrom(episode, from, v, gamma, lambda, returns, out);
      System.arraycopy(v, 0, baselines, out, count);
      System.arraycopy(episode.actions(), from, actions, out, count);
      if (!allRows) {
        System.arraycopy(stacked, row * rowSize, observations, out * rowSize, count * rowSize);
      }
      if (indices != null) {
        long first = run.get(i).firstTransition() + from;
        for (int t = 0; t < count; t++) {
          indices[out + t] = first + t;
        }
      }
      row += n;
      out += count;
    }
    return indices == null
        ? new TrainingBlock(
            run.get(0).firstTransition(),
            inputs.inputShape(),
            observations,
            actions,
            returns,
            baselines)
        : TrainingBlock.ofRows(
            indices, inputs.inputShape(), observations, actions, returns, baselines);
  }

  private float[] values(float[] stacked, int rows) {
    float[] out = new float[rows];
    forward.run(stacked, rows, 1, out);
    return out;
  }

  /**
   * Groups consecutive episodes until a block holds at least {@code blockRows} rows; with {@code
   * fromRow}, any episodes, each from its row on.
   */
  private final class Blocks implements Iterator<TrainingBlock> {
    private final Iterator<IndexedEpisode> episodes;
    private final ToIntFunction<IndexedEpisode> fromRow;
    private IndexedEpisode pending;

    Blocks(Iterator<IndexedEpisode> episodes, ToIntFunction<IndexedEpisode> fromRow) {
      this.episodes = episodes;
      this.fromRow = fromRow;
    }

    @Override
    public boolean hasNext() {
      return pending != null || episodes.hasNext();
    }

    @Override
    public TrainingBlock next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more episodes in this partition");
      }
      List<IndexedEpisode> run = new ArrayList<>();
      IndexedEpisode first = pending != null ? pending : episodes.next();
      pending = null;
      if (fromRow != null) {
        return suffixes(first, run);
      }
      run.add(first);
      long rows = first.episode().length();
      while (rows < blockRows && episodes.hasNext()) {
        IndexedEpisode e = episodes.next();
        if (e.firstTransition() != run.get(run.size() - 1).endTransition()) {
          pending = e;
          break;
        }
        run.add(e);
        rows += e.episode().length();
      }
      return block(run);
    }

    private TrainingBlock suffixes(IndexedEpisode first, List<IndexedEpisode> run) {
      int[] from = new int[8];
      long rows = 0;
      IndexedEpisode e = first;
      while (true) {
        int f = fromRow.applyAsInt(e);
        if (f < 0 || f >= e.episode().transitionCount()) {
          throw new IllegalArgumentException(
              "episode " + e.episode().id() + ": first row " + f + " has no transition");
        }
        if (run.size() == from.length) {
          from = Arrays.copyOf(from, from.length * 2);
        }
        from[run.size()] = f;
        run.add(e);
        rows += e.episode().length() - f;
        if (rows >= blockRows || !episodes.hasNext()) {
          return block(run, from);
        }
        e = episodes.next();
      }
    }
  }
}

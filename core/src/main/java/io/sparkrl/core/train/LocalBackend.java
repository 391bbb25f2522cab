package io.sparkrl.core.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.returns.BatchMoments;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.targets.TrainingBlock;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The training loop's backend in one JVM: stage 1 over the epoch's episodes with the learner's own
 * critic, the slices assembled in memory, and every worker of a group run in turn in this thread on
 * the learner ({@link WorkerSteps#runAll}), which is the arithmetic of K parallel workers. With one
 * worker and returns every iteration this is d3rlpy's {@code fit}.
 */
public final class LocalBackend implements TrainingBackend {

  private final AwrLearner learner;
  private final IntFunction<TransitionIndex> epochTransitions;
  private List<IndexedEpisode> episodes = List.of();

  /**
   * @param learner the learner that trains (the loop's learner)
   * @param epochTransitions the transitions of an epoch, given its number
   */
  public LocalBackend(AwrLearner learner, IntFunction<TransitionIndex> epochTransitions) {
    this.learner = learner;
    this.epochTransitions = epochTransitions;
  }

  @Override
  public long startEpoch(int epoch) {
    TransitionIndex index = epochTransitions.apply(epoch);
    episodes = indexed(index.episodes());
    return index.size();
  }

  /** Episodes numbered consecutively in list order, as {@link TransitionIndex} numbers them. */
  public static List<IndexedEpisode> indexed(List<Episode> list) {
    List<IndexedEpisode> out = new ArrayList<>(list.size());
    long first = 0;
    for (Episode e : list) {
      out.add(new IndexedEpisode(first, e));
      first += e.transitionCount();
    }
    return out;
  }

  @Override
  public RoundData targets(RoundPlan round, RoundPlacement placement, AwrLearner critic) {
    SliceAssembler assembler = new SliceAssembler(placement, critic.inputs().rowSize());
    long[] usedRows = placement.usedTransitions();
    List<IndexedEpisode> used = new ArrayList<>(episodes.size());
    for (IndexedEpisode e : episodes) {
      // a round of one iteration (d3rlpy's schedule) leaves many episodes out, and the first rows
      // of many others: no values for them
      int k = lowerBound(usedRows, e.firstTransition());
      if (k < usedRows.length && usedRows[k] < e.endTransition()) {
        used.add(e);
      }
    }
    Iterator<TrainingBlock> blocks =
        new Stage1Returns(critic, Stage1Returns.DEFAULT_BLOCK_ROWS)
            .lastRows(
                used.iterator(),
                e ->
                    (int)
                        (usedRows[lowerBound(usedRows, e.firstTransition())]
                            - e.firstTransition()));
    int next = 0;
    while (blocks.hasNext()) {
      TrainingBlock b = blocks.next();
      int rowSize = b.rowSize();
      for (int r = 0; r < b.size() && next < usedRows.length; r++) {
        long index = b.transitionIndex(r);
        while (next < usedRows.length && usedRows[next] < index) {
          next++;
        }
        if (next < usedRows.length && usedRows[next] == index) {
          assembler.put(
              placement.place(index),
              b.observations(),
              r * rowSize,
              b.actions()[r],
              b.returns()[r],
              b.baselines()[r]);
        }
      }
    }
    return new LocalRound(weighted(assembler.build(), critic.config()), placement.batchSize());
  }

  /** The first i with {@code sorted[i] >= key}, or {@code sorted.length}. */
  private static int lowerBound(long[] sorted, long key) {
    int k = Arrays.binarySearch(sorted, key);
    return k >= 0 ? k : -k - 1;
  }

  /**
   * The slices with their advantage weights: each iteration's moments are its slices' moments
   * merged in worker order, as the Spark backend merges them.
   */
  static List<WorkerSlice> weighted(List<WorkerSlice> slices, AwrConfig config) {
    Map<Integer, BatchMoments> moments = new HashMap<>();
    for (WorkerSlice s : slices) {
      moments.computeIfAbsent(s.iteration(), i -> new BatchMoments()).merge(s.moments());
    }
    List<WorkerSlice> out = new ArrayList<>(slices.size());
    for (WorkerSlice s : slices) {
      out.add(s.withWeights(moments.get(s.iteration()), config.beta(), config.maxWeight()));
    }
    return out;
  }

  @Override
  public List<List<TaskOutcome>> train(
      RoundData round, List<GroupPlan> groups, LearnerState start, long seed) {
    LocalRound data = (LocalRound) round;
    List<List<TaskOutcome>> out = new ArrayList<>(groups.size());
    LearnerState state = start;
    for (GroupPlan group : groups) {
      List<WorkerSlice> slices = new ArrayList<>(group.workers());
      for (WorkerTask t : group.tasks()) {
        slices.add(data.slice(t.iteration(), t.worker()));
      }
      List<TaskOutcome> outcomes = WorkerSteps.runAll(learner, slices, group, state, seed);
      state = outcomes.get(0).finalState();
      out.add(outcomes);
    }
    return out;
  }

  private static final class LocalRound implements RoundData {
    private final Map<Long, WorkerSlice> slices = new HashMap<>();
    private final Map<Integer, Double> weightSums = new HashMap<>();
    private final int batchSize;

    LocalRound(List<WorkerSlice> list, int batchSize) {
      this.batchSize = batchSize;
      for (WorkerSlice s : list) {
        slices.put(key(s.iteration(), s.worker()), s);
        weightSums.merge(s.iteration(), s.weightSum(), Double::sum);
      }
    }

    WorkerSlice slice(int iteration, int worker) {
      WorkerSlice s = slices.get(key(iteration, worker));
      if (s == null) {
        throw new IllegalStateException(
            "no slice of iteration " + iteration + " for worker " + worker + " in this round");
      }
      return s;
    }

    @Override
    public double meanWeight(int iteration) {
      return weightSums.get(iteration) / batchSize;
    }

    @Override
    public void close() {
      slices.clear();
    }

    private static long key(int iteration, int worker) {
      return ((long) iteration << 32) | worker;
    }
  }
}

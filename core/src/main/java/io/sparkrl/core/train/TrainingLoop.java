package io.sparkrl.core.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.logging.MetricCsvLogger;
import io.sparkrl.core.logging.MetricsBuffer;
import io.sparkrl.core.logging.TensorBoardEventWriter;
import io.sparkrl.core.metrics.PolicyModel;
import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop (docs/design.md §1.2, §3): epochs of rounds of groups, whatever runs them.
 * Per epoch it orders the transitions ({@link EpochPermutation}), cuts the iterations into rounds
 * and groups ({@link TrainingSchedule}), asks the {@link TrainingBackend} for each round's targets
 * with the current critic and for each group's SGD work from the current state, logs every
 * iteration (d3rlpy's three metrics averaged per epoch into their CSVs, {@link TrainingLog}'s
 * per-iteration rows, TensorBoard, verbose lines, listeners), runs the scorers, commits the metrics
 * and saves the checkpoints. {@code DiscreteAWR.fit} runs it on the {@link LocalBackend}; the Spark
 * job on its own backend: a feature of the loop is in both.
 */
public final class TrainingLoop {

  /** Writes the model of the logged epoch {@code epoch} (as {@code model_<epoch>.zip}). */
  @FunctionalInterface
  public interface Checkpointer {
    /**
     * Saves a checkpoint.
     *
     * @param fileName the checkpoint's file name in the run directory
     * @throws IOException if it cannot be written
     */
    void save(String fileName) throws IOException;
  }

  private final AwrLearner learner;
  private final PolicyModel model;
  private final TrainingBackend backend;
  private final LoopOptions options;
  private final RunStorage storage;
  private final String runDirectory;
  private final Checkpointer checkpointer;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private final Map<String, List<Double>> evalResults = new LinkedHashMap<>();

  /**
   * @param learner the driver's learner: the state every group starts from and ends in
   * @param model the model the scorers score (holds {@code learner})
   * @param backend runs stage 1 and the groups
   * @param options what to train and log
   * @param storage where the run directory is
   * @param runDirectory the run directory (exists)
   * @param checkpointer writes a checkpoint
   */
  public TrainingLoop(
      AwrLearner learner,
      PolicyModel model,
      TrainingBackend backend,
      LoopOptions options,
      RunStorage storage,
      String runDirectory,
      Checkpointer checkpointer) {
    this.learner = learner;
    this.model = model;
    this.backend = backend;
    this.options = options;
    this.storage = storage;
    this.runDirectory = runDirectory;
    this.checkpointer = checkpointer;
    options.schedule().check(learner.config());
    if (options.progress() != null) {
      listeners.add(
          new TrainingProgress(
              options.progress(), "sparkrl: ", options.endEpoch() - options.firstEpoch()));
    }
  }

  /** Adds a listener. */
  public TrainingLoop listen(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Each scorer's values per epoch of the last {@link #run} (d3rlpy's {@code eval_results_}). */
  public Map<String, List<Double>> evalResults() {
    return evalResults;
  }

  /**
   * Trains the epochs of the options.
   *
   * @return one map per epoch of the metrics committed at its end (the three losses when it had
   *     iterations, then the scorers), in order
   * @throws IOException if the run directory cannot be written
   */
  public List<Map<String, Double>> run() throws IOException {
    TensorBoardEventWriter tensorBoard =
        options.tensorBoard()
            ? TensorBoardEventWriter.open(
                storage, storage.resolve(runDirectory, LoopOptions.TENSORBOARD_DIRECTORY))
            : null;
    try {
      TrainingLog log = new TrainingLog(storage, runDirectory);
      listeners.add(0, log);
      MetricsBuffer buffer =
          new MetricsBuffer(
              new MetricCsvLogger(storage, runDirectory),
              tensorBoard,
              options.verbose() ? System.out : null);
      ModelCheckpoints checkpoints = new ModelCheckpoints(options.saveInterval());
      List<Map<String, Double>> history = new ArrayList<>();
      long totalStep = options.initialTotalStep();
      for (int epoch = options.firstEpoch(); epoch < options.endEpoch(); epoch++) {
        Epoch e = new Epoch(epoch, totalStep, buffer);
        e.train();
        totalStep = e.totalStep;
        long evalStart = System.nanoTime();
        evaluate(buffer);
        Map<String, Double> metrics = buffer.commit(e.logged, totalStep);
        history.add(metrics);
        if (checkpoints.shouldSave(e.logged)
            || (options.saveLast() && epoch == options.endEpoch() - 1)) {
          checkpointer.save(ModelCheckpoints.fileName(e.logged));
        }
        EpochTiming timing = e.timing((System.nanoTime() - evalStart) / 1e9);
        for (TrainingListener l : listeners) {
          l.epochDone(timing, metrics);
        }
      }
      return history;
    } finally {
      if (tensorBoard != null) {
        tensorBoard.close();
      }
    }
  }

  private void evaluate(MetricsBuffer buffer) {
    for (Map.Entry<String, Scorer> s : options.scorers().entrySet()) {
      double value = s.getValue().score(model, options.evalEpisodes());
      buffer.add(s.getKey(), value);
      evalResults.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(value);
    }
  }

  /** One epoch's training and its bookkeeping. */
  private final class Epoch {
    final int epoch;
    final int logged;
    final MetricsBuffer buffer;
    long totalStep;
    int iterations;
    long sgdSteps;
    long stage1Nanos;
    long trainNanos;
    long computeNanos;
    long syncNanos;

    Epoch(int epoch, long totalStep, MetricsBuffer buffer) {
      this.epoch = epoch;
      this.logged = epoch - options.logBase();
      this.totalStep = totalStep;
      this.buffer = buffer;
    }

    void train() {
      AwrConfig c = learner.config();
      long transitions = backend.startEpoch(epoch);
      iterations = (int) (transitions / c.batchSize());
      for (TrainingListener l : listeners) {
        l.epochStarted(logged, iterations);
      }
      if (iterations == 0) {
        return;
      }
      EpochPermutation order =
          EpochPermutation.forEpoch(transitions, options.permutationSeed(), epoch);
      for (RoundPlan round : options.schedule().rounds(epoch, iterations, c)) {
        long t0 = System.nanoTime();
        RoundPlacement placement =
            RoundPlacement.of(order, c.batchSize(), options.schedule(), round);
        try (TrainingBackend.RoundData data = backend.targets(round, placement, learner)) {
          stage1Nanos += System.nanoTime() - t0;
          List<GroupPlan> groups = round.groups();
          for (int from = 0; from < groups.size(); from += options.groupsPerCall()) {
            chain(
                data,
                groups.subList(from, Math.min(groups.size(), from + options.groupsPerCall())));
          }
        }
      }
    }

    private void chain(TrainingBackend.RoundData data, List<GroupPlan> groups) {
      long t0 = System.nanoTime();
      List<List<TaskOutcome>> chain =
          backend.train(data, groups, learner.state(), options.workerSeed());
      trainNanos += System.nanoTime() - t0;
      if (chain.size() != groups.size()) {
        throw new IllegalStateException(
            "the backend ran " + chain.size() + " of " + groups.size() + " groups");
      }
      learner.setState(chain.get(chain.size() - 1).get(0).finalState());
      for (int g = 0; g < groups.size(); g++) {
        group(data, groups.get(g), chain.get(g));
      }
    }

    private void group(
        TrainingBackend.RoundData data, GroupPlan group, List<TaskOutcome> outcomes) {
      long slowest = 0;
      long syncSum = 0;
      for (TaskOutcome o : outcomes) {
        slowest = Math.max(slowest, o.computeNanos());
        syncSum += o.syncNanos();
        sgdSteps += o.criticSteps() + o.actorSteps();
      }
      computeNanos += slowest;
      syncNanos += syncSum / outcomes.size();
      for (int iteration : group.iterations()) {
        double critic = 0;
        double actor = 0;
        long criticSteps = 0;
        long actorSteps = 0;
        for (TaskOutcome o : outcomes) {
          if (o.iteration() == iteration) {
            critic += o.criticLossSum();
            actor += o.actorLossSum();
            criticSteps += o.criticSteps();
            actorSteps += o.actorSteps();
          }
        }
        totalStep++;
        IterationResult r =
            new IterationResult(
                logged,
                iteration,
                totalStep,
                critic / criticSteps,
                actor / actorSteps,
                data.meanWeight(iteration));
        buffer.add(MetricNames.CRITIC_LOSS, r.criticLoss());
        buffer.add(MetricNames.ACTOR_LOSS, r.actorLoss());
        buffer.add(MetricNames.WEIGHTS, r.weights());
        for (TrainingListener l : listeners) {
          l.iterationDone(r);
        }
      }
    }

    EpochTiming timing(double evalSeconds) {
      return new EpochTiming(
          logged,
          iterations,
          (long) iterations * learner.config().batchSize(),
          sgdSteps,
          stage1Nanos / 1e9,
          trainNanos / 1e9,
          computeNanos / 1e9,
          syncNanos / 1e9,
          evalSeconds);
    }
  }
}

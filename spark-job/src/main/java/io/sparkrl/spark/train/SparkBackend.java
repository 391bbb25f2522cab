package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.returns.BatchMoments;
import io.sparkrl.core.targets.CriticSnapshot;
import io.sparkrl.core.targets.Stage1Returns;
import io.sparkrl.core.train.GroupPlan;
import io.sparkrl.core.train.Period;
import io.sparkrl.core.train.Phase;
import io.sparkrl.core.train.RoundPlacement;
import io.sparkrl.core.train.RoundPlan;
import io.sparkrl.core.train.TaskOutcome;
import io.sparkrl.core.train.TrainingBackend;
import io.sparkrl.core.train.TreeMean;
import io.sparkrl.core.train.WorkerSlice;
import io.sparkrl.core.train.WorkerSteps;
import io.sparkrl.core.train.WorkerTask;
import io.sparkrl.spark.data.IndexedEpisodes;
import io.sparkrl.spark.returns.ReturnsStage;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop's backend on Spark (docs/design.md §3): a round's stage 1 runs on the executors
 * over the cached episodes with the broadcast critic, its rows are shuffled into the workers'
 * slices (partition w = worker w) and cached, and the advantage moments of each iteration are the
 * slices' moments merged on the driver in worker order. With {@link SyncMode#BARRIER} each group is
 * one Spark barrier stage: its K tasks run at once ({@link GroupTask}), exchange their states among
 * themselves over TCP after every period ({@link TreeExchange}), and only the final state and the
 * losses come back; a failed group (a lost executor, a killed task) is run again from its starting
 * state, up to {@code maxAttempts} times. With {@link SyncMode#JOBS} each period is a Spark job
 * ({@link PeriodTask}) and the driver averages. Every worker's random state is a function of the
 * seed and the place in the run, so retries compute the same floats, and both modes compute what
 * core's single-process backend computes.
 */
public final class SparkBackend implements TrainingBackend {

  private static final Logger LOG = LoggerFactory.getLogger(SparkBackend.class);

  private final JavaSparkContext sc;
  private final SparkSession spark;
  private final IndexedEpisodes episodes;
  private final int[] frameDims;
  private final int workers;
  private final int threadsPerTask;
  private final int maxAttempts;
  private final Duration syncTimeout;
  private final SyncMode sync;
  private final String runKey = UUID.randomUUID().toString();
  private final RendezvousServer rendezvous;
  private final AttemptTasks attemptTasks = new AttemptTasks();

  /** What {@code setJobGroup} sets; restored after each attempt. */
  private static final List<String> JOB_GROUP_PROPERTIES =
      List.of("spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel");

  private Broadcast<LearnerSetup> setup;
  private AwrLearner setupOf;

  /**
   * @param spark the session
   * @param episodes the cached, indexed episodes
   * @param frameDims one frame's observation shape
   * @param workers K, the barrier stage's tasks
   * @param threadsPerTask BLAS threads per task
   * @param maxAttempts runs of a group before its failure fails the training
   * @param syncTimeout how long a worker waits for a peer's message
   * @param rendezvousPort the driver's port for the workers' rendezvous (0: any free port)
   * @param sync how the workers synchronise
   * @throws IllegalArgumentException if barrier synchronisation cannot run (dynamic allocation, too
   *     few task slots)
   * @throws UncheckedIOException if the rendezvous cannot listen
   */
  public SparkBackend(
      SparkSession spark,
      IndexedEpisodes episodes,
      int[] frameDims,
      int workers,
      int threadsPerTask,
      int maxAttempts,
      Duration syncTimeout,
      int rendezvousPort,
      SyncMode sync) {
    if (sync == SyncMode.BARRIER) {
      BarrierSlots.requireUsable(spark, workers);
    }
    this.sync = sync;
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.episodes = episodes;
    this.frameDims = frameDims.clone();
    this.workers = workers;
    this.threadsPerTask = threadsPerTask;
    this.maxAttempts = maxAttempts;
    this.syncTimeout = syncTimeout;
    try {
      this.rendezvous =
          RendezvousServer.start(
              spark.sparkContext().getConf().get("spark.driver.host", "127.0.0.1"),
              rendezvousPort,
              UUID.randomUUID().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for the workers' rendezvous", e);
    }
    spark.sparkContext().addSparkListener(attemptTasks);
  }

  @Override
  public long startEpoch(int epoch) {
    return episodes.transitionCount();
  }

  @Override
  public RoundData targets(RoundPlan round, RoundPlacement placement, AwrLearner learner) {
    if (placement.workers() != workers) {
      throw new IllegalArgumentException(
          "a placement for " + placement.workers() + " workers on a backend of " + workers);
    }
    ensureSetup(learner);
    AwrConfig c = learner.config();
    Broadcast<CriticSnapshot> critic =
        ReturnsStage.broadcast(spark, CriticSnapshot.of(learner, frameDims));
    Broadcast<RoundPlacement> placed = sc.broadcast(placement);
    JavaRDD<WorkerSlice> raw =
        RoundSlices.build(
                ReturnsStage.blocks(
                    episodes, critic, Stage1Returns.DEFAULT_BLOCK_ROWS, threadsPerTask),
                placed,
                learner.inputs().rowSize())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<Integer, BatchMoments> moments = new HashMap<>();
    for (SliceValue<BatchMoments> m :
        sorted(raw.map(s -> new SliceValue<>(s.iteration(), s.worker(), s.moments())).collect())) {
      moments.computeIfAbsent(m.iteration, i -> new BatchMoments()).merge(m.value);
    }
    Broadcast<Map<Integer, BatchMoments>> batchMoments = sc.broadcast(moments);
    double beta = c.beta();
    double maxWeight = c.maxWeight();
    JavaRDD<WorkerSlice> weighted =
        raw.map(s -> s.withWeights(batchMoments.value().get(s.iteration()), beta, maxWeight))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<Integer, Double> weightSums = new TreeMap<>();
    for (SliceValue<Double> w :
        sorted(
            weighted
                .map(s -> new SliceValue<>(s.iteration(), s.worker(), s.weightSum()))
                .collect())) {
      weightSums.merge(w.iteration, w.value, Double::sum);
    }
    raw.unpersist(false);
    return new SparkRound(
        weighted, weightSums, c.batchSize(), List.of(critic, placed, batchMoments));
  }

  @Override
  public List<List<TaskOutcome>> train(
      RoundData round, List<GroupPlan> groups, LearnerState start, long seed) {
    SparkRound data = (SparkRound) round;
    if (sync == SyncMode.BARRIER) {
      return trainInBarrier(data, groups, start, seed);
    }
    List<List<TaskOutcome>> out = new ArrayList<>(groups.size());
    LearnerState state = start;
    for (GroupPlan group : groups) {
      List<TaskOutcome> outcomes = trainByJobs(data, group, state, seed);
      state = outcomes.get(0).finalState();
      out.add(outcomes);
    }
    return out;
  }

  /** One Spark job per period; Spark retries a failed task, which recomputes the same floats. */
  private List<TaskOutcome> trainByJobs(
      SparkRound data, GroupPlan group, LearnerState start, long seed) {
    int k = group.workers();
    NetworkState critic = start.critic();
    NetworkState actor = start.actor();
    double[][] losses = new double[k][2];
    long[] compute = new long[k];
    long[] sync = new long[k];
    for (Period p : group.periods()) {
      Broadcast<NetworkState> from = sc.broadcast(p.phase() == Phase.CRITIC ? critic : actor);
      long t0 = System.nanoTime();
      List<WorkerSteps.PeriodOutcome> outcomes;
      try {
        outcomes =
            new ArrayList<>(
                data.slices.mapPartitions(new PeriodTask(setup, from, group, p, seed)).collect());
      } finally {
        from.destroy();
      }
      long wall = System.nanoTime() - t0;
      outcomes.sort(Comparator.comparingInt(WorkerSteps.PeriodOutcome::worker));
      if (outcomes.size() != k) {
        throw new IllegalStateException(
            "group " + group.index() + ": " + outcomes.size() + " of " + k + " workers reported");
      }
      List<float[]> params = new ArrayList<>(k);
      List<float[]> momenta = new ArrayList<>(k);
      for (WorkerSteps.PeriodOutcome o : outcomes) {
        params.add(o.state().params());
        momenta.add(o.state().updaterState());
        losses[o.worker()][p.phase().ordinal()] += o.lossSum();
        compute[o.worker()] += o.computeNanos();
        sync[o.worker()] += Math.max(0, wall - o.computeNanos());
      }
      NetworkState mean = new NetworkState(TreeMean.mean(params), TreeMean.mean(momenta));
      if (p.phase() == Phase.CRITIC) {
        critic = mean;
      } else {
        actor = mean;
      }
    }
    List<TaskOutcome> out = new ArrayList<>(k);
    for (int r = 0; r < k; r++) {
      WorkerTask t = group.tasks().get(r);
      out.add(
          new TaskOutcome(
              r,
              t.iteration(),
              losses[r][0],
              t.criticSteps(),
              losses[r][1],
              t.actorSteps(),
              compute[r],
              sync[r],
              r == 0 ? new LearnerState(actor, critic) : null));
    }
    return out;
  }

  private List<List<TaskOutcome>> trainInBarrier(
      SparkRound data, List<GroupPlan> groups, LearnerState start, long seed) {
    GroupPlan first = groups.get(0);
    Map<Integer, Integer> groupOfIteration = new HashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      for (int it : groups.get(g).iterations()) {
        groupOfIteration.put(it, g);
      }
    }
    Broadcast<LearnerState> state = sc.broadcast(start);
    try {
      for (int attempt = 1; ; attempt++) {
        String key =
            runKey + "/epoch-" + first.epoch() + "/group-" + first.index() + "/attempt-" + attempt;
        Map<String, String> previous = new HashMap<>();
        for (String property : JOB_GROUP_PROPERTIES) {
          previous.put(property, sc.getLocalProperty(property));
        }
        sc.setJobGroup(key, "sparkrl " + key, true);
        try {
          List<TaskOutcome> all;
          try {
            all =
                BarrierStage.collect(
                    data.slices,
                    new GroupTask(
                        setup, state, groups, rendezvous.address(), key, seed, syncTimeout),
                    TaskOutcome.class);
          } finally {
            previous.forEach(sc::setLocalProperty);
          }
          attemptTasks.forget(key);
          List<List<TaskOutcome>> out = new ArrayList<>();
          for (int g = 0; g < groups.size(); g++) {
            out.add(new ArrayList<>());
          }
          for (TaskOutcome o : all) {
            out.get(groupOfIteration.get(o.iteration())).add(o);
          }
          for (int g = 0; g < groups.size(); g++) {
            out.get(g).sort(Comparator.comparingInt(TaskOutcome::worker));
            if (out.get(g).size() != groups.get(g).workers()) {
              throw new IllegalStateException(
                  "group "
                      + groups.get(g).index()
                      + ": "
                      + out.get(g).size()
                      + " of "
                      + groups.get(g).workers()
                      + " workers reported");
            }
          }
          return out;
        } catch (Exception e) {
          if (!(e instanceof SparkException) || attempt >= maxAttempts) {
            throw e instanceof RuntimeException r
                ? r
                : new IllegalStateException(
                    "epoch "
                        + first.epoch()
                        + ", groups from "
                        + first.index()
                        + " failed "
                        + attempt
                        + " times",
                    e);
          }
          int killed =
              attemptTasks.kill(sc.sc(), key, "attempt " + attempt + " of its groups failed");
          if (killed > 0) {
            LOG.warn(
                "epoch {}: killed {} task(s) left running by the failed attempt",
                first.epoch(),
                killed);
          }
          LOG.warn(
              "epoch {}, groups {}-{}: attempt {} of {} failed ({}); running them again from"
                  + " their starting state",
              first.epoch(),
              first.index(),
              groups.get(groups.size() - 1).index(),
              attempt,
              maxAttempts,
              e.getMessage());
        }
      }
    } finally {
      state.destroy();
    }
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(attemptTasks);
    if (setup != null) {
      setup.destroy();
    }
    try {
      rendezvous.close();
    } catch (IOException e) {
      LOG.warn("closing the rendezvous", e);
    }
  }

  private void ensureSetup(AwrLearner learner) {
    if (setupOf != learner) {
      if (setup != null) {
        setup.destroy();
      }
      setup = sc.broadcast(LearnerSetup.of(runKey, learner, frameDims, threadsPerTask));
      setupOf = learner;
    }
  }

  private static <T> List<SliceValue<T>> sorted(List<SliceValue<T>> values) {
    List<SliceValue<T>> out = new ArrayList<>(values);
    out.sort(
        Comparator.<SliceValue<T>>comparingInt(v -> v.iteration).thenComparingInt(v -> v.worker));
    return out;
  }

  /** A value of one slice, sent to the driver (a plain class: Kryo field-serialises it). */
  static final class SliceValue<T> implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    int iteration;
    int worker;
    T value;

    SliceValue() {}

    SliceValue(int iteration, int worker, T value) {
      this.iteration = iteration;
      this.worker = worker;
      this.value = value;
    }
  }

  private static final class SparkRound implements RoundData {
    final JavaRDD<WorkerSlice> slices;
    final Map<Integer, Double> weightSums;
    final int batchSize;
    final List<Broadcast<?>> broadcasts;

    SparkRound(
        JavaRDD<WorkerSlice> slices,
        Map<Integer, Double> weightSums,
        int batchSize,
        List<Broadcast<?>> broadcasts) {
      this.slices = slices;
      this.weightSums = weightSums;
      this.batchSize = batchSize;
      this.broadcasts = broadcasts;
    }

    @Override
    public double meanWeight(int iteration) {
      return weightSums.get(iteration) / batchSize;
    }

    @Override
    public void close() {
      slices.unpersist(false);
      for (Broadcast<?> b : broadcasts) {
        b.destroy();
      }
    }
  }
}

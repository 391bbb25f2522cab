package io.sparkrl.core.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.algo.NetworkState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A worker's SGD work in a group, the one definition every backend runs: for each period of the
 * group, the period's steps on the worker's slice from the averaged state, with the period's own
 * random state ({@link WorkerRandom}), then the mean over the workers. {@link #run} is one worker
 * talking to its peers through an {@link Exchange} (a Spark barrier task); {@link #runAll} runs
 * every worker of a group in turn in one thread, which computes the same floats because each worker
 * starts every period from the same mean.
 */
public final class WorkerSteps {

  private WorkerSteps() {}

  /**
   * One worker's part of a group.
   *
   * @param learner the worker's learner; its state is replaced by {@code start}
   * @param slice the worker's slice of its task's iteration
   * @param group the group
   * @param worker the worker's index in the group
   * @param start the state every worker starts from (null: the learner holds it already)
   * @param exchange reaches the group's other workers
   * @param seed the run's seed
   * @throws IOException if the exchange fails
   */
  public static TaskOutcome run(
      AwrLearner learner,
      WorkerSlice slice,
      GroupPlan group,
      int worker,
      LearnerState start,
      Exchange exchange,
      long seed)
      throws IOException {
    return run(learner, slice, group, worker, start, exchange, seed, true);
  }

  private static TaskOutcome run(
      AwrLearner learner,
      WorkerSlice slice,
      GroupPlan group,
      int worker,
      LearnerState start,
      Exchange exchange,
      long seed,
      boolean reportState)
      throws IOException {
    WorkerTask task = group.tasks().get(worker);
    checkSlice(slice, task);
    if (start != null) {
      learner.setState(start);
    }
    double[] losses = new double[2];
    long compute = 0;
    long sync = 0;
    boolean alone = group.workers() == 1;
    for (Period p : group.periods()) {
      long t0 = System.nanoTime();
      losses[p.phase().ordinal()] += period(learner, slice, group, task, p, seed);
      long t1 = System.nanoTime();
      if (!alone) {
        // one worker's mean is its own state: no copy out and back
        p.phase().setState(learner, exchange.average(p.phase().state(learner), p));
      }
      compute += t1 - t0;
      sync += System.nanoTime() - t1;
    }
    return new TaskOutcome(
        worker,
        task.iteration(),
        losses[0],
        task.criticSteps(),
        losses[1],
        task.actorSteps(),
        compute,
        sync,
        worker == 0 && reportState ? learner.state() : null);
  }

  /**
   * One worker's part of consecutive groups: each group's periods from the state the previous group
   * ended in, which every worker of that group holds (the mean of its last period). The worker must
   * take part in every group but the last (only a round's last group may be short).
   *
   * @param slices the worker's slices, by iteration, holding every iteration its tasks train
   * @param exchanges the exchange for a group of a given number of workers
   * @return the worker's outcome of each group it takes part in, in order; worker 0's last one
   *     holds the final state
   * @throws IOException if an exchange fails
   */
  public static List<TaskOutcome> runChain(
      AwrLearner learner,
      java.util.Map<Integer, WorkerSlice> slices,
      List<GroupPlan> groups,
      int worker,
      LearnerState start,
      java.util.function.IntFunction<Exchange> exchanges,
      long seed)
      throws IOException {
    List<TaskOutcome> out = new ArrayList<>(groups.size());
    LearnerState state = start;
    for (int g = 0; g < groups.size(); g++) {
      GroupPlan group = groups.get(g);
      if (worker >= group.workers()) {
        if (g != groups.size() - 1) {
          throw new IllegalArgumentException(
              "worker " + worker + " idles in group " + group.index() + " before the chain's end");
        }
        break;
      }
      WorkerSlice slice = slices.get(group.tasks().get(worker).iteration());
      if (slice == null) {
        throw new IllegalStateException(
            "worker "
                + worker
                + " has no slice of iteration "
                + group.tasks().get(worker).iteration());
      }
      boolean last = g == groups.size() - 1;
      TaskOutcome o =
          run(learner, slice, group, worker, state, exchanges.apply(group.workers()), seed, last);
      state = null;
      out.add(o);
    }
    return out;
  }

  /**
   * Every worker of a group, one after the other in this thread, sharing {@code learner}.
   *
   * @param slices worker r's slice at index r
   * @return the outcomes, worker r's at index r; worker 0's holds the final state, which {@code
   *     learner} also holds
   */
  public static List<TaskOutcome> runAll(
      AwrLearner learner,
      List<WorkerSlice> slices,
      GroupPlan group,
      LearnerState start,
      long seed) {
    int k = group.workers();
    for (int r = 0; r < k; r++) {
      checkSlice(slices.get(r), group.tasks().get(r));
    }
    learner.setState(start);
    double[][] losses = new double[k][2];
    long[] compute = new long[k];
    for (Period p : group.periods()) {
      NetworkState from = p.phase().state(learner);
      List<float[]> params = new ArrayList<>(k);
      List<float[]> momenta = new ArrayList<>(k);
      for (int r = 0; r < k; r++) {
        long t0 = System.nanoTime();
        if (r > 0) {
          p.phase().setState(learner, from);
        }
        losses[r][p.phase().ordinal()] +=
            period(learner, slices.get(r), group, group.tasks().get(r), p, seed);
        NetworkState after = p.phase().state(learner);
        params.add(after.params());
        momenta.add(after.updaterState());
        compute[r] += System.nanoTime() - t0;
      }
      if (k > 1) {
        p.phase()
            .setState(learner, new NetworkState(TreeMean.mean(params), TreeMean.mean(momenta)));
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
              0,
              r == 0 ? learner.state() : null));
    }
    return out;
  }

  /**
   * One period of one worker from a given state of the period's network: what a driver-driven
   * synchronisation (a Spark job per period) runs on each worker.
   *
   * @param learner the worker's learner; the phase's network is set to {@code from}
   * @param slice the worker's slice of its task's iteration
   * @param group the group
   * @param worker the worker's index in the group
   * @param period the period
   * @param from the state of the period's network every worker starts the period from
   * @param seed the run's seed
   * @return the worker's state after the period and the sum of the period's losses
   */
  public static PeriodOutcome runPeriod(
      AwrLearner learner,
      WorkerSlice slice,
      GroupPlan group,
      int worker,
      Period period,
      NetworkState from,
      long seed) {
    WorkerTask task = group.tasks().get(worker);
    checkSlice(slice, task);
    period.phase().setState(learner, from);
    long t0 = System.nanoTime();
    double loss = period(learner, slice, group, task, period, seed);
    return new PeriodOutcome(worker, period.phase().state(learner), loss, System.nanoTime() - t0);
  }

  /**
   * What one worker reports after one period.
   *
   * @param worker the worker
   * @param state its state of the period's network after the period
   * @param lossSum the sum of the period's step losses
   * @param computeNanos time in the steps
   */
  public record PeriodOutcome(int worker, NetworkState state, double lossSum, long computeNanos)
      implements java.io.Serializable {
    @java.io.Serial private static final long serialVersionUID = 1L;
  }

  private static double period(
      AwrLearner learner, WorkerSlice s, GroupPlan group, WorkerTask task, Period p, long seed) {
    RandomGenerator rng =
        WorkerRandom.forPeriod(
            seed, group.epoch(), task.iteration(), task.worker(), p.phase(), p.firstStep());
    return p.phase() == Phase.CRITIC
        ? learner.criticSteps(
            s.observations(), s.returns(), p.firstStep(), p.steps(), group.miniBatch(), rng)
        : learner.actorSteps(
            s.observations(),
            s.actions(),
            s.weights(),
            p.firstStep(),
            p.steps(),
            group.miniBatch(),
            rng);
  }

  private static void checkSlice(WorkerSlice slice, WorkerTask task) {
    if (slice.iteration() != task.iteration() || slice.worker() != task.worker()) {
      throw new IllegalArgumentException(
          "worker "
              + task.worker()
              + " of iteration "
              + task.iteration()
              + " got the slice of worker "
              + slice.worker()
              + ", iteration "
              + slice.iteration());
    }
  }
}

package io.sparkrl.core.train;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The SGD work that runs at once on the workers between two states of the driver: one task per
 * active worker (workers 0..k−1; every task has the same step counts) and the synchronisation
 * periods they share. The workers start from the same state and, after every period, all hold the
 * {@link TreeMean} of the phase's network.
 *
 * @param epoch the epoch
 * @param index the group's number within the epoch, from 0
 * @param tasks one task per active worker, worker r at index r
 * @param miniBatch rows of each SGD step's mini-batch
 * @param averagingFrequency steps per period
 */
public record GroupPlan(
    int epoch, int index, List<WorkerTask> tasks, int miniBatch, int averagingFrequency)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks that worker r has task r and that the step counts agree. */
  public GroupPlan {
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one worker task");
    }
    for (int r = 0; r < tasks.size(); r++) {
      WorkerTask t = tasks.get(r);
      if (t.worker() != r
          || t.criticSteps() != tasks.get(0).criticSteps()
          || t.actorSteps() != tasks.get(0).actorSteps()) {
        throw new IllegalArgumentException("group " + index + ": inconsistent tasks " + tasks);
      }
    }
    if (miniBatch < 1 || averagingFrequency < 1) {
      throw new IllegalArgumentException(
          "mini-batch " + miniBatch + " and averaging frequency " + averagingFrequency);
    }
  }

  /** Number of active workers. */
  public int workers() {
    return tasks.size();
  }

  /** The distinct iterations the group trains, ascending. */
  public List<Integer> iterations() {
    return tasks.stream().map(WorkerTask::iteration).distinct().sorted().toList();
  }

  /** The periods every worker runs: the critic's, then the actor's. */
  public List<Period> periods() {
    List<Period> out = new ArrayList<>();
    addPeriods(out, Phase.CRITIC, tasks.get(0).criticSteps());
    addPeriods(out, Phase.ACTOR, tasks.get(0).actorSteps());
    return out;
  }

  private void addPeriods(List<Period> out, Phase phase, int steps) {
    for (int first = 0; first < steps; first += averagingFrequency) {
      out.add(new Period(phase, first, Math.min(averagingFrequency, steps - first)));
    }
  }
}

package io.sparkrl.spark.train;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.LearnerStateAverage;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.spark.TaskDevice;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronisation period on a worker: from the broadcast state of the network the phase trains,
 * {@code steps} critic or actor steps (numbered from {@code firstStep} within the iteration, so the
 * mini-batch slices continue where the last period stopped) on the worker's share of iteration
 * {@code iteration}; emits the resulting state of that network and the steps' loss sum as a
 * one-state {@link LearnerStateAverage}. Only the trained network travels: the other one is the
 * same on every worker and the driver, so its average is itself.
 */
final class WorkerSteps implements FlatMapFunction<Iterator<IterationSlice>, LearnerStateAverage> {

  private static final long serialVersionUID = 1L;

  /** Which network the steps train. */
  enum Phase {
    CRITIC,
    ACTOR;

    /** The state of the network this phase trains (the other one does not change in it). */
    NetworkState state(AwrLearner learner) {
      return this == CRITIC ? learner.criticState() : learner.actorState();
    }

    /** Replaces the state of the network this phase trains. */
    void setState(AwrLearner learner, NetworkState state) {
      if (this == CRITIC) {
        learner.setCriticState(state);
      } else {
        learner.setActorState(state);
      }
    }
  }

  private final Broadcast<LearnerSetup> setup;
  private final Broadcast<NetworkState> state;
  private final int iteration;
  private final Phase phase;
  private final int firstStep;
  private final int steps;
  private final int miniBatch;

  WorkerSteps(
      Broadcast<LearnerSetup> setup,
      Broadcast<NetworkState> state,
      int iteration,
      Phase phase,
      int firstStep,
      int steps,
      int miniBatch) {
    this.setup = setup;
    this.state = state;
    this.iteration = iteration;
    this.phase = phase;
    this.firstStep = firstStep;
    this.steps = steps;
    this.miniBatch = miniBatch;
  }

  @Override
  public Iterator<LearnerStateAverage> call(Iterator<IterationSlice> slices) {
    IterationSlice slice = null;
    while (slices.hasNext()) {
      IterationSlice s = slices.next();
      if (s.iteration() == iteration) {
        slice = s;
        break;
      }
    }
    if (slice == null) {
      return List.<LearnerStateAverage>of().iterator();
    }
    LearnerSetup s = setup.value();
    NativeThreads.limit(s.threadsPerTask());
    TaskDevice.bind();
    AwrLearner learner = LearnerPool.borrow(s);
    try {
      phase.setState(learner, state.value());
      double loss =
          phase == Phase.CRITIC
              ? learner.criticSteps(
                  slice.observations(),
                  slice.returns(),
                  firstStep,
                  steps,
                  miniBatch,
                  new java.util.SplittableRandom(firstStep))
              : learner.actorSteps(
                  slice.observations(),
                  slice.actions(),
                  slice.weights(),
                  firstStep,
                  steps,
                  miniBatch,
                  new java.util.SplittableRandom(firstStep));
      return List.of(new LearnerStateAverage().add(phase.state(learner), loss, steps)).iterator();
    } finally {
      LearnerPool.release(s, learner);
    }
  }
}

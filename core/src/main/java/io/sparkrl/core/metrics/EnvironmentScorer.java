package io.sparkrl.core.metrics;

import io.sparkrl.core.preprocessing.StackedObservation;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * d3rlpy's {@code evaluate_on_environment(env, n_trials, epsilon)}: the mean undiscounted return
 * over {@code nTrials} episodes of an environment, acting ε-greedily. Ignores the evaluation
 * episodes it is given. Higher is better.
 *
 * <p>Each {@link #score} call is reproducible (d3rlpy does not seed; this scorer does): trial i
 * starts with {@code env.reset(baseSeed + i)}, and one {@link SplittableRandom} seeded with {@code
 * baseSeed} is created per call. At every step it draws {@code u = nextDouble()}; if {@code u <
 * epsilon} the action is {@code nextInt(actionCount)}, otherwise the model's greedy action (the
 * model is not called on exploring steps). Observations are stacked with {@link StackedObservation}
 * to the model's {@code nFrames} (zeros before the first frame, newest last), reset at the start of
 * every trial.
 *
 * <p>The environment instance holds the running episode, so a scorer must not be used by two
 * threads at once.
 */
public final class EnvironmentScorer implements Scorer {

  /** The name the score is logged under. */
  public static final String NAME = "environment";

  /** d3rlpy's default {@code n_trials}. */
  public static final int DEFAULT_TRIALS = 10;

  /** d3rlpy's default {@code epsilon}: always greedy. */
  public static final double DEFAULT_EPSILON = 0.0;

  private final DiscreteEnv env;
  private final int nTrials;
  private final double epsilon;
  private final long baseSeed;

  /**
   * @param env the environment to act in
   * @param nTrials episodes per score, ≥ 1
   * @param epsilon probability of a uniformly random action at each step, in [0, 1]
   * @param baseSeed trial i resets the environment with {@code baseSeed + i}; also seeds the
   *     exploration draws
   * @throws IllegalArgumentException if env is null, nTrials &lt; 1 or epsilon is outside [0, 1]
   */
  public EnvironmentScorer(DiscreteEnv env, int nTrials, double epsilon, long baseSeed) {
    if (env == null) {
      throw new IllegalArgumentException("environment scorer: env must not be null");
    }
    if (nTrials < 1) {
      throw new IllegalArgumentException(
          "environment scorer: n_trials must be >= 1, got " + nTrials);
    }
    if (!(epsilon >= 0.0 && epsilon <= 1.0)) {
      throw new IllegalArgumentException(
          "environment scorer: epsilon must be in [0, 1], got " + epsilon);
    }
    this.env = env;
    this.nTrials = nTrials;
    this.epsilon = epsilon;
    this.baseSeed = baseSeed;
  }

  /**
   * Runs {@code nTrials} episodes and returns their mean return.
   *
   * @param episodes ignored (may be null)
   * @throws IllegalArgumentException if the model's observation shape or action count is not the
   *     environment's
   */
  @Override
  public double score(PolicyModel model, List<Episode> episodes) {
    Objects.requireNonNull(model, "model");
    int[] envShape = env.observationShape().dims();
    if (!Arrays.equals(envShape, model.observationShape())) {
      throw new IllegalArgumentException(
          "environment scorer: "
              + env.name()
              + " observations have shape "
              + Arrays.toString(envShape)
              + ", the model expects "
              + Arrays.toString(model.observationShape()));
    }
    if (env.actionCount() != model.actionSize()) {
      throw new IllegalArgumentException(
          "environment scorer: "
              + env.name()
              + " has "
              + env.actionCount()
              + " actions, the model "
              + model.actionSize());
    }
    SplittableRandom random = new SplittableRandom(baseSeed);
    StackedObservation stacked =
        new StackedObservation(env.observationShape().size(), model.nFrames());
    double total = 0;
    for (int trial = 0; trial < nTrials; trial++) {
      total += runTrial(model, random, stacked, baseSeed + trial);
    }
    return total / nTrials;
  }

  private double runTrial(
      PolicyModel model, SplittableRandom random, StackedObservation stacked, long seed) {
    stacked.reset();
    stacked.push(env.reset(seed));
    double episodeReturn = 0;
    while (true) {
      int action;
      if (random.nextDouble() < epsilon) {
        action = random.nextInt(env.actionCount());
      } else {
        action = model.predict(stacked.current(), 1)[0];
      }
      DiscreteEnv.StepResult step = env.step(action);
      episodeReturn += step.reward();
      if (step.done()) {
        return episodeReturn;
      }
      stacked.push(step.observation());
    }
  }

  /** Episodes per score. */
  public int nTrials() {
    return nTrials;
  }

  /** Probability of a uniformly random action at each step. */
  public double epsilon() {
    return epsilon;
  }

  /** Seed of trial 0's reset and of the exploration draws. */
  public long baseSeed() {
    return baseSeed;
  }

  @Override
  public String toString() {
    return NAME + "(" + env.name() + ", n_trials=" + nTrials + ", epsilon=" + epsilon + ")";
  }
}

package io.sparkrl.bench;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.Targets;
import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A quick learning check on CartPole-v0: generates about {@value #DEFAULT_TRANSITIONS} transitions
 * with the "mixed" behaviour policy (seed 0), trains {@link AwrLearner} with d3rlpy v0.23's default
 * hyperparameters for a wall-clock budget, and every {@value #EVAL_EVERY} iterations evaluates the
 * greedy policy on {@value #EVAL_EPISODES} episodes (environment seeds 1000 + i).
 *
 * <p>Usage: {@code CartPoleCheck [seconds (default 300)] [transitions (default 100000)]}. Prints
 * one line per evaluation: iteration, elapsed seconds, critic and actor loss and mean weight (means
 * over the iterations since the last line), mean evaluation return, milliseconds per SGD step (the
 * iterations' whole time over their steps), and how that time splits: milliseconds per SGD step in
 * {@link AwrLearner#train} alone, milliseconds per iteration in {@link AwrLearner#computeTargets},
 * and the seconds one epoch of such iterations takes (evaluations excluded).
 */
public final class CartPoleCheck {

  /** Transitions to generate. */
  public static final int DEFAULT_TRANSITIONS = 100_000;

  /** Training budget in seconds. */
  public static final int DEFAULT_SECONDS = 300;

  /** Iterations between evaluations. */
  public static final int EVAL_EVERY = 12;

  /** Evaluation episodes. */
  public static final int EVAL_EPISODES = 20;

  /** Seed of the first evaluation episode. */
  public static final long EVAL_SEED = 1000;

  private CartPoleCheck() {}

  /**
   * Runs the check.
   *
   * @param args optional seconds and transitions
   */
  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SECONDS;
    int transitions = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_TRANSITIONS;
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(
            env, Policies.create(Policies.MIXED, env), 0, transitions, Episode::transitionCount);
    int total = 0;
    double behaviourReturn = 0;
    for (Episode e : episodes) {
      total += e.transitionCount();
      for (int t = 0; t < e.transitionCount(); t++) {
        behaviourReturn += e.reward(t);
      }
    }
    System.out.printf(
        "dataset: %d episodes, %d transitions, behaviour mean return %.1f%n",
        episodes.size(), total, behaviourReturn / episodes.size());

    AwrConfig config = AwrConfig.defaults();
    AwrLearner learner =
        new AwrLearner(config, env.observationShape().dims(), env.actionCount(), null, 0);
    TransitionIndex index = new TransitionIndex(episodes);
    SplittableRandom shuffle = new SplittableRandom(0);
    int perEpoch = index.batchCount(config.batchSize());
    int stepsPerIteration = config.nActorUpdates() + config.nCriticUpdates();
    System.out.printf(
        "initial greedy mean return %.1f; %d iterations per epoch%n", evaluate(learner), perEpoch);
    System.out.println(
        "iteration\tseconds\tcritic_loss\tactor_loss\tweights\treturn\tms_per_step"
            + "\ttrain_ms_per_step\ttargets_ms_per_itr\tepoch_s");
    long start = System.nanoTime();
    long windowStart = start;
    double critic = 0;
    double actor = 0;
    double weights = 0;
    int window = 0;
    long targetNanos = 0;
    long trainNanos = 0;
    int[] perm = null;
    for (int itr = 0; System.nanoTime() - start < seconds * 1_000_000_000L; itr++) {
      int inEpoch = itr % perEpoch;
      if (inEpoch == 0) {
        perm = index.permutation(shuffle);
      }
      int[][] batch = index.batch(perm, inEpoch, config.batchSize());
      long t0 = System.nanoTime();
      Targets targets = learner.computeTargets(episodes, batch);
      long t1 = System.nanoTime();
      int[] actions = new int[batch.length];
      for (int i = 0; i < batch.length; i++) {
        actions[i] = episodes.get(batch[i][0]).action(batch[i][1]);
      }
      UpdateResult r = learner.train(learner.inputs().gather(episodes, batch), actions, targets);
      targetNanos += t1 - t0;
      trainNanos += System.nanoTime() - t1;
      critic += r.criticLoss();
      actor += r.actorLoss();
      weights += r.weights();
      window++;
      if ((itr + 1) % EVAL_EVERY == 0) {
        long now = System.nanoTime();
        double msPerStep = (now - windowStart) / 1e6 / (window * (double) stepsPerIteration);
        double epochSeconds = (targetNanos + trainNanos) / 1e9 / window * perEpoch;
        System.out.printf(
            "%d\t%.0f\t%.4f\t%.4f\t%.3f\t%.1f\t%.3f\t%.3f\t%.0f\t%.0f%n",
            itr + 1,
            (now - start) / 1e9,
            critic / window,
            actor / window,
            weights / window,
            evaluate(learner),
            msPerStep,
            trainNanos / 1e6 / (window * (double) stepsPerIteration),
            targetNanos / 1e6 / window,
            epochSeconds);
        critic = 0;
        actor = 0;
        weights = 0;
        window = 0;
        targetNanos = 0;
        trainNanos = 0;
        windowStart = System.nanoTime();
      }
    }
  }

  /** Mean undiscounted return of the greedy policy over the evaluation episodes. */
  static double evaluate(AwrLearner learner) {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    double sum = 0;
    for (int i = 0; i < EVAL_EPISODES; i++) {
      float[] obs = env.reset(EVAL_SEED + i);
      while (true) {
        DiscreteEnv.StepResult step = env.step(learner.predict(obs, 1)[0]);
        sum += step.reward();
        if (step.done()) {
          break;
        }
        obs = step.observation();
      }
    }
    return sum / EVAL_EPISODES;
  }
}

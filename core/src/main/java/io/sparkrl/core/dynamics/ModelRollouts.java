package io.sparkrl.core.dynamics;

import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.metrics.PolicyModel;
import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * d3rlpy v0.23's {@code DynamicsBase.generate} (docs/design.md §1.3): short rollouts of a fitted
 * dynamics model with the current policy, whose transitions are appended to the real ones.
 *
 * <p>Each generated transition (s, a, r', s') has {@code terminal = 0} and no link to a next
 * transition. It is returned as a one-transition episode that was cut off ({@link
 * EndKind#TIMEOUT}): two rows, s with action a and reward r', then s' (carrying the action sampled
 * there and reward 0, neither learned from). Its TD(λ) return is therefore the one-step target
 * {@code r' + γ·V(s')} for every λ, as in d3rlpy.
 */
public final class ModelRollouts {

  private ModelRollouts() {}

  /**
   * Samples {@code nTransitions} start transitions of {@code episodes} uniformly with replacement
   * ({@code rng.nextInt} over their flat {@link TransitionIndex}), picks actions with {@code
   * policy.sampleAction} and rolls each start {@code horizon} steps through {@link
   * ProbabilisticEnsembleDynamics#sample}, each step starting from the previous predicted
   * observation with the action the policy sampled there.
   *
   * @return {@code nTransitions·horizon} episodes, step-major: entry {@code h·nTransitions + i} is
   *     step h of rollout i
   * @throws IllegalArgumentException if {@code nTransitions} or {@code horizon} is below 1, the
   *     episodes have no transitions or image observations, or the policy's observation shape,
   *     frame count or action count does not fit the dynamics model (messages name {@code
   *     dynamics})
   * @throws IllegalStateException if the model predicts a non-finite observation or reward
   */
  public static List<Episode> generate(
      ProbabilisticEnsembleDynamics dynamics,
      PolicyModel policy,
      List<Episode> episodes,
      int nTransitions,
      int horizon,
      RandomGenerator rng) {
    if (nTransitions < 1 || horizon < 1) {
      throw new IllegalArgumentException(
          "dynamics: n_transitions and horizon must be >= 1, got "
              + nTransitions
              + " and "
              + horizon);
    }
    int d = dynamics.observationSize();
    checkPolicy(dynamics, policy);
    for (Episode e : episodes) {
      DynamicsTransitions.requireVectors(e);
      if (e.shape().size() != d) {
        throw new IllegalArgumentException(
            "dynamics: episode "
                + e.id()
                + " has "
                + e.shape().size()
                + " observation features, the dynamics model "
                + d);
      }
    }
    TransitionIndex index = new TransitionIndex(episodes);
    if (index.size() == 0) {
      throw new IllegalArgumentException(
          "dynamics: the episodes have no transitions to start from");
    }
    float[] observations = new float[nTransitions * d];
    for (int i = 0; i < nTransitions; i++) {
      int start = rng.nextInt(index.size());
      episodes.get(index.episode(start)).copyObservation(index.step(start), observations, i * d);
    }
    int[] actions = policy.sampleAction(observations, nTransitions, rng);
    List<Episode> out = new ArrayList<>(nTransitions * horizon);
    for (int h = 0; h < horizon; h++) {
      DynamicsPrediction next = dynamics.sample(observations, actions, nTransitions, rng);
      checkFinite(next, h);
      int[] nextActions = policy.sampleAction(next.nextObservations(), nTransitions, rng);
      for (int i = 0; i < nTransitions; i++) {
        float[] rows = new float[2 * d];
        System.arraycopy(observations, i * d, rows, 0, d);
        System.arraycopy(next.nextObservations(), i * d, rows, d, d);
        out.add(
            Episode.ofVectors(
                "rollout-" + i + "-step-" + h,
                d,
                rows,
                new int[] {actions[i], nextActions[i]},
                new float[] {next.rewards()[i], 0f},
                null,
                EndKind.TIMEOUT));
      }
      observations = next.nextObservations();
      actions = nextActions;
    }
    return out;
  }

  private static void checkPolicy(ProbabilisticEnsembleDynamics dynamics, PolicyModel policy) {
    int[] shape = policy.observationShape();
    if (shape.length != 1 || policy.nFrames() != 1) {
      throw new IllegalArgumentException(
          "dynamics: needs vector observations without frame stacking, the policy has shape "
              + Arrays.toString(shape)
              + " and n_frames="
              + policy.nFrames());
    }
    if (shape[0] != dynamics.observationSize()) {
      throw new IllegalArgumentException(
          "dynamics: the model predicts "
              + dynamics.observationSize()
              + " observation features, the policy takes "
              + shape[0]);
    }
    if (policy.actionSize() > dynamics.actionSize()) {
      throw new IllegalArgumentException(
          "dynamics: the model knows "
              + dynamics.actionSize()
              + " actions, the policy samples from "
              + policy.actionSize());
    }
  }

  private static void checkFinite(DynamicsPrediction p, int step) {
    for (float v : p.nextObservations()) {
      if (!Float.isFinite(v)) {
        throw new IllegalStateException(
            "dynamics: rollout step " + step + " predicted a non-finite observation value " + v);
      }
    }
    for (float v : p.rewards()) {
      if (!Float.isFinite(v)) {
        throw new IllegalStateException(
            "dynamics: rollout step " + step + " predicted a non-finite reward " + v);
      }
    }
  }
}

package io.sparkrl.core;

import io.sparkrl.core.algo.TransitionIndex;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.DynamicsSpec;
import io.sparkrl.core.dynamics.ProbabilisticEnsembleDynamics;
import io.sparkrl.core.metrics.PolicyModel;
import io.sparkrl.datasets.Episode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The transitions of each epoch of a fit with {@code dynamics} (docs/design.md §1.2, §1.3): the
 * real episodes followed by {@code n_transitions·horizon} transitions freshly generated for that
 * epoch by {@link ProbabilisticEnsembleDynamics#generate} with the policy as it is at the epoch's
 * start. The generator of epoch e is seeded from the fit's seed and e, so a fit is reproducible and
 * a later fit continues with new draws.
 */
final class ModelAugmentedTransitions implements IntFunction<TransitionIndex> {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final List<Episode> real;
  private final ProbabilisticEnsembleDynamics dynamics;
  private final DynamicsSpec spec;
  private final PolicyModel policy;
  private final long seed;

  ModelAugmentedTransitions(
      List<Episode> real,
      ProbabilisticEnsembleDynamics dynamics,
      DynamicsSpec spec,
      PolicyModel policy,
      long seed) {
    this.real = List.copyOf(real);
    this.dynamics = dynamics;
    this.spec = spec;
    this.policy = policy;
    this.seed = seed;
  }

  @Override
  public TransitionIndex apply(int epoch) {
    List<Episode> generated =
        dynamics.generate(
            policy,
            real,
            spec.nTransitions(),
            spec.horizon(),
            new SplittableRandom(seed + GOLDEN * epoch));
    List<Episode> all = new ArrayList<>(real.size() + generated.size());
    all.addAll(real);
    all.addAll(generated);
    return new TransitionIndex(all);
  }

  /**
   * Refuses what model-based augmentation cannot work on, before anything is fitted or written.
   *
   * @throws IllegalArgumentException naming {@code dynamics} and the reason: {@code n_frames > 1}
   *     or an episode with image observations
   */
  static void checkInput(AwrConfig config, List<Episode> episodes) {
    if (config.nFrames() > 1) {
      throw new IllegalArgumentException(
          AwrConfig.KEY_DYNAMICS
              + ": model-based augmentation needs vector observations, but n_frames="
              + config.nFrames()
              + " stacks image frames");
    }
    for (Episode e : episodes) {
      if (e.shape().isImage()) {
        throw new IllegalArgumentException(
            AwrConfig.KEY_DYNAMICS
                + ": model-based augmentation needs vector observations, but episode "
                + e.id()
                + " has image observations "
                + e.shape());
      }
    }
  }

  /**
   * Checks that a loaded model fits the algorithm's observations and actions.
   *
   * @throws IllegalArgumentException naming {@code dynamics.model_path} and the mismatch
   */
  static void checkModel(
      ProbabilisticEnsembleDynamics dynamics, DynamicsSpec spec, int[] shape, int actionSize) {
    String where =
        AwrConfig.KEY_DYNAMICS + "." + DynamicsSpec.KEY_MODEL_PATH + " " + spec.modelPath();
    if (shape.length != 1 || shape[0] != dynamics.observationSize()) {
      throw new IllegalArgumentException(
          where
              + ": the dynamics model predicts "
              + dynamics.observationSize()
              + " observation features, the episodes have shape "
              + Arrays.toString(shape));
    }
    if (actionSize > dynamics.actionSize()) {
      throw new IllegalArgumentException(
          where
              + ": the dynamics model knows "
              + dynamics.actionSize()
              + " actions, the algorithm has "
              + actionSize);
    }
  }
}

package io.sparkrl.datasets.env;

import java.util.List;

/**
 * Builds behaviour policies by name for an environment, with heuristic quality q in [0, 1] (see
 * {@link NoisyHeuristicPolicy}):
 *
 * <ul>
 *   <li>{@value #RANDOM}: uniform over actions (q is ignored);
 *   <li>{@value #HEURISTIC}: the environment's heuristic ({@link CartPoleHeuristic}, {@link
 *       CatchHeuristic}) with noise q;
 *   <li>{@value #BAD_HEURISTIC}: the mirrored heuristic ({@link Heuristic#reversed(int)}) with
 *       noise q;
 *   <li>{@value #MIXED}: per episode, half uniform-random, half the noisy heuristic;
 *   <li>{@value #MOSTLY_BAD}: per episode, 70% bad heuristic, 20% random, 10% heuristic.
 * </ul>
 *
 * <p>Measured behaviour mean returns on cartpole-v0 over 1000 episodes at the default q = {@value
 * #DEFAULT_QUALITY}: random 22, heuristic 56, bad-heuristic 14, mixed 39, mostly-bad 20. The
 * heuristic reaches 129 at q = 0.5, 190 at q = 0.7 and 200 (always the time limit) at q = 1. On
 * catch (best return +1, reached by a two-frame predictor; random −0.38) the heuristic is {@link
 * CatchHeuristic}, which sees one frame and catches 72% of balls: +0.42 at q = 1, +0.40 at q = 0.7,
 * +0.23 at q = 0.5 and +0.02 at q = 0.3; at q = 0.3 bad-heuristic scores −0.63, mixed −0.19 and
 * mostly-bad −0.52 (1000 episodes each).
 */
public final class Policies {

  public static final String RANDOM = "random";
  public static final String HEURISTIC = "heuristic";
  public static final String BAD_HEURISTIC = "bad-heuristic";
  public static final String MIXED = "mixed";
  public static final String MOSTLY_BAD = "mostly-bad";

  /** The names {@link #create} knows. */
  public static final List<String> NAMES =
      List.of(RANDOM, HEURISTIC, BAD_HEURISTIC, MIXED, MOSTLY_BAD);

  /**
   * The default heuristic quality, chosen so that {@value #MIXED} has a behaviour mean return of
   * about 40 on cartpole-v0: a medium-quality dataset.
   */
  public static final double DEFAULT_QUALITY = 0.3;

  public static final double MIXED_RANDOM_WEIGHT = 0.5;
  public static final double MIXED_HEURISTIC_WEIGHT = 0.5;
  public static final double MOSTLY_BAD_BAD_WEIGHT = 0.7;
  public static final double MOSTLY_BAD_RANDOM_WEIGHT = 0.2;
  public static final double MOSTLY_BAD_GOOD_WEIGHT = 0.1;

  private Policies() {}

  /** {@link #create(String, DiscreteEnv, double)} with {@link #DEFAULT_QUALITY}. */
  public static BehaviourPolicy create(String name, DiscreteEnv env) {
    return create(name, env, DEFAULT_QUALITY);
  }

  /**
   * A new policy called {@code name} for {@code env}.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones), a quality
   *     outside [0, 1], or a heuristic policy for an environment without a heuristic
   */
  public static BehaviourPolicy create(String name, DiscreteEnv env, double quality) {
    if (!(quality >= 0.0 && quality <= 1.0)) {
      throw new IllegalArgumentException("policy quality must be in [0, 1], got " + quality);
    }
    int actions = env.actionCount();
    return switch (String.valueOf(name)) {
      case RANDOM -> new UniformPolicy(actions);
      case HEURISTIC -> good(env, quality);
      case BAD_HEURISTIC -> bad(env, quality);
      case MIXED ->
          new MixturePolicy(
              List.of(new UniformPolicy(actions), good(env, quality)),
              new double[] {MIXED_RANDOM_WEIGHT, MIXED_HEURISTIC_WEIGHT});
      case MOSTLY_BAD ->
          new MixturePolicy(
              List.of(bad(env, quality), new UniformPolicy(actions), good(env, quality)),
              new double[] {
                MOSTLY_BAD_BAD_WEIGHT, MOSTLY_BAD_RANDOM_WEIGHT, MOSTLY_BAD_GOOD_WEIGHT
              });
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + name + "'; known policies: " + String.join(", ", NAMES));
    };
  }

  private static NoisyHeuristicPolicy good(DiscreteEnv env, double quality) {
    return new NoisyHeuristicPolicy(env.actionCount(), quality, heuristic(env));
  }

  private static NoisyHeuristicPolicy bad(DiscreteEnv env, double quality) {
    return new NoisyHeuristicPolicy(
        env.actionCount(), quality, heuristic(env).reversed(env.actionCount()));
  }

  private static Heuristic heuristic(DiscreteEnv env) {
    if (env instanceof CartPole) {
      return new CartPoleHeuristic();
    }
    if (env instanceof CatchEnv catchEnv) {
      return new CatchHeuristic(catchEnv);
    }
    throw new IllegalArgumentException(
        "no heuristic policy for environment " + env.name() + "; use '" + RANDOM + "'");
  }
}

package io.sparkrl.core.ope;

import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.BehaviourPolicy;
import io.sparkrl.datasets.env.CartPoleHeuristic;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.NoisyHeuristicPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The off-policy estimators against ground truth on CartPole-v1: episodes logged by the heuristic
 * at quality 0.5 (its action with probability 0.75) with their action probabilities; target
 * policies the heuristic at qualities 1, 0.75, 0.5, 0.25 and 0 (uniform); true values the mean
 * discounted return of rollouts of each. CartPole-v1's 500-step limit makes the truncated return
 * and the time-unaware infinite-horizon value FQE estimates agree within 1% (γ^500 < 0.007). Shared
 * by the test and the benchmark.
 */
public final class OpeGroundTruth {

  /** The target policies' heuristic qualities, best first. */
  public static final double[] QUALITIES = {1.0, 0.75, 0.5, 0.25, 0.0};

  /** The "quality" that stands for the mirrored heuristic, worse than uniform. */
  public static final double MIRRORED = -1.0;

  public static final double BEHAVIOUR_QUALITY = 0.5;
  public static final double GAMMA = 0.99;

  /** One target policy's truth and estimates. */
  public record Row(double quality, double truth, double fqe, double wis, double pdis, double dr) {

    /** |FQE − truth| / truth. */
    public double fqeError() {
      return Math.abs(fqe - truth) / truth;
    }
  }

  private OpeGroundTruth() {}

  /**
   * @param loggedEpisodes behaviour episodes to evaluate from
   * @param rollouts rollouts per target policy for the truth
   * @param fqeSteps FQE steps per policy
   * @param seed data, rollouts and FQE seed
   */
  public static List<Row> run(int loggedEpisodes, int rollouts, int fqeSteps, long seed) {
    return run(loggedEpisodes, rollouts, fqeSteps, seed, QUALITIES);
  }

  /** {@link #run(int, int, int, long)} for other target qualities ({@link #MIRRORED} too). */
  public static List<Row> run(
      int loggedEpisodes, int rollouts, int fqeSteps, long seed, double[] qualities) {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V1);
    BehaviourPolicy behaviour = policy(BEHAVIOUR_QUALITY);
    List<Episode> logged = new ArrayList<>();
    for (int i = 0; i < loggedEpisodes; i++) {
      logged.add(EpisodeGenerator.generate(env, behaviour, seed + i, "b" + i));
    }
    ObservationBatch inputs = new ObservationBatch(new int[] {4}, 1, null);
    EncoderParams encoder = new EncoderParams(List.of(64, 64), null, null, ActivationType.RELU);
    List<Row> rows = new ArrayList<>();
    for (double q : qualities) {
      BehaviourPolicy target = policy(q);
      double truth = 0;
      for (int i = 0; i < rollouts; i++) {
        Episode e = EpisodeGenerator.generate(env, target, seed + 1_000_000L + i, "t" + i);
        truth += discountedReturn(e);
      }
      truth /= rollouts;
      TargetPolicy pi = asTarget(target);
      FqeModel fqe =
          FittedQEvaluation.fitLocally(
              FqeConfig.of(fqeSteps, seed), inputs, encoder, pi, logged, GAMMA, 1);
      QFunction qf = fqe.open();
      List<EpisodeSummary> summaries = new ArrayList<>();
      for (Episode e : logged) {
        summaries.add(
            EpisodeSummaries.summarise(e, pi.probabilities(e), qf.qValues(e), GAMMA, true));
      }
      rows.add(
          new Row(
              q,
              truth,
              Estimator.FQE.estimate(summaries),
              Estimator.WIS.estimate(summaries),
              Estimator.PDIS.estimate(summaries),
              Estimator.DR.estimate(summaries)));
    }
    return rows;
  }

  static NoisyHeuristicPolicy policy(double quality) {
    if (quality == MIRRORED) {
      return new NoisyHeuristicPolicy(2, 1.0, new CartPoleHeuristic().reversed(2));
    }
    return new NoisyHeuristicPolicy(2, quality, new CartPoleHeuristic());
  }

  static double discountedReturn(Episode e) {
    double g = 0;
    double d = 1;
    for (int t = 0; t < e.transitionCount(); t++) {
      g += d * e.reward(t);
      d *= GAMMA;
    }
    return g;
  }

  /** A behaviour policy's probabilities at an episode's rows. */
  static TargetPolicy asTarget(BehaviourPolicy policy) {
    return new TargetPolicy() {
      @Override
      public int actionSize() {
        return policy.actionCount();
      }

      @Override
      public float[] probabilities(Episode episode) {
        int k = policy.actionCount();
        float[] out = new float[episode.length() * k];
        for (int t = 0; t < episode.length(); t++) {
          double[] p = policy.probabilities(episode.observation(t));
          for (int a = 0; a < k; a++) {
            out[t * k + a] = (float) p[a];
          }
        }
        return out;
      }
    };
  }

  /** Spearman's rank correlation of two samples without ties. */
  public static double spearman(double[] x, double[] y) {
    double[] rx = ranks(x);
    double[] ry = ranks(y);
    double d2 = 0;
    for (int i = 0; i < x.length; i++) {
      d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
    }
    int n = x.length;
    return 1 - 6 * d2 / (n * ((double) n * n - 1));
  }

  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[order[i]] = i;
    }
    return r;
  }

  /** One column of the rows. */
  public static double[] column(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
    return rows.stream().mapToDouble(f).toArray();
  }
}

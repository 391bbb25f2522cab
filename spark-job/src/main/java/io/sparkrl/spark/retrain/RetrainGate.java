package io.sparkrl.spark.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.ope.BootstrapIntervals.Interval;
import io.sparkrl.core.ope.Estimator;
import io.sparkrl.spark.ope.EvaluationResult;
import java.util.Locale;

/**
 * The champion/challenger rule: the challenger is published only if the lower bound of its
 * confidence interval, on the gate estimator, beats the champion's estimate by at least {@code
 * margin} (in the estimator's units of discounted return). With no champion the challenger is
 * published. A challenger without a value on the gate estimator (a weighted estimator whose weights
 * are all 0: its greedy policy never agrees with the logged actions) loses.
 *
 * @param estimator the estimator the gate reads
 * @param margin how much the challenger's lower bound must exceed the champion's estimate; negative
 *     to publish unless the challenger is clearly worse
 */
public record RetrainGate(Estimator estimator, double margin) {

  /** The default margin: the challenger's lower bound must be at least the champion's value. */
  public static final double DEFAULT_MARGIN = 0.0;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @throws IllegalArgumentException if the margin is not finite
   */
  public RetrainGate {
    if (estimator == null) {
      throw new IllegalArgumentException("--gate-estimator is required");
    }
    if (!Double.isFinite(margin)) {
      throw new IllegalArgumentException("--margin must be a finite number, got " + margin);
    }
  }

  /** The gate's verdict with its reason in words and the figures it compared. */
  public record Verdict(boolean publish, String reason, ObjectNode figures) {}

  /**
   * Decides.
   *
   * @param champion the champion's evaluation, or null if there is no champion
   * @param challenger the challenger's evaluation on the same data and estimators
   * @throws IllegalArgumentException if an evaluation lacks the gate estimator
   */
  public Verdict decide(EvaluationResult champion, EvaluationResult challenger) {
    Interval mine = interval(challenger, "challenger");
    ObjectNode figures = MAPPER.createObjectNode();
    figures.put("estimator", estimator.key());
    figures.put("margin", margin);
    figures.put("challenger_value", json(mine.value()));
    figures.put("challenger_low", json(mine.low()));
    figures.put("challenger_high", json(mine.high()));
    if (champion == null) {
      return new Verdict(true, "no champion yet: the first version is published", figures);
    }
    Interval theirs = interval(champion, "champion");
    figures.put("champion_value", json(theirs.value()));
    figures.put("champion_low", json(theirs.low()));
    figures.put("champion_high", json(theirs.high()));
    double needed = theirs.value() + margin;
    if (Double.isNaN(mine.low())) {
      return new Verdict(
          false,
          String.format(
              Locale.ROOT,
              "challenger has no %s estimate (its policy never takes the logged actions)",
              estimator.key()),
          figures);
    }
    if (Double.isNaN(theirs.value())) {
      return new Verdict(
          true,
          String.format(
              Locale.ROOT,
              "champion has no %s estimate on this data; the challenger's is %.4f",
              estimator.key(),
              mine.value()),
          figures);
    }
    boolean publish = mine.low() >= needed;
    String reason =
        String.format(
            Locale.ROOT,
            "%s: challenger's %.0f%% lower bound %.4f %s champion's %.4f + margin %.4f = %.4f",
            estimator.key(),
            100 * challenger.level(),
            mine.low(),
            publish ? ">=" : "<",
            theirs.value(),
            margin,
            needed);
    return new Verdict(publish, reason, figures);
  }

  private Interval interval(EvaluationResult result, String which) {
    return result
        .estimate(estimator)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the " + which + "'s evaluation has no " + estimator.key() + " estimate"));
  }

  private static Double json(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

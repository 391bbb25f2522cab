package io.sparkrl.core.train;

import java.util.List;

/**
 * The names of the metrics a training run logs: d3rlpy's three per-iteration values (one CSV each,
 * averaged per epoch) and the scorers' default names. The one spelling the loop, the report and the
 * tests use.
 */
public final class MetricNames {

  /** Mean critic loss over an iteration's critic steps. */
  public static final String CRITIC_LOSS = "critic_loss";

  /** Mean actor loss over an iteration's actor steps. */
  public static final String ACTOR_LOSS = "actor_loss";

  /** Mean advantage weight over an iteration's batch. */
  public static final String WEIGHTS = "weights";

  /** The environment scorer's mean return (the Spark job's {@code eval_env}). */
  public static final String ENVIRONMENT = "environment";

  /** The per-iteration metrics, in the order they are logged. */
  public static final List<String> PER_ITERATION = List.of(CRITIC_LOSS, ACTOR_LOSS, WEIGHTS);

  private MetricNames() {}
}

package io.sparkrl.datasets;

import java.util.List;

/**
 * Column names of the episode table (docs/design.md §2): one row per step, ordered by {@code step}
 * within an episode.
 */
public final class EpisodeColumns {

  /** string or int64: episode identity. */
  public static final String EPISODE_ID = "episode_id";

  /** int32 or int64: 0, 1, 2, … within the episode, no gaps. */
  public static final String STEP = "step";

  /** array&lt;float&gt; for vectors, or binary (uint8 C×H×W, row-major) for images: s_t. */
  public static final String OBSERVATION = "observation";

  /** int32: a_t in [0, action_size). */
  public static final String ACTION = "action";

  /** float: the reward received for taking a_t in s_t. */
  public static final String REWARD = "reward";

  /** boolean: true on the last row when the episode ended in a true terminal state. */
  public static final String TERMINAL = "terminal";

  /** boolean, optional: true on the last row when the episode was cut off. */
  public static final String TIMEOUT = "timeout";

  /** float, optional: the behaviour policy's probability of a_t. */
  public static final String ACTION_PROB = "action_prob";

  public static final List<String> REQUIRED =
      List.of(EPISODE_ID, STEP, OBSERVATION, ACTION, REWARD, TERMINAL);

  public static final List<String> OPTIONAL = List.of(TIMEOUT, ACTION_PROB);

  private EpisodeColumns() {}
}

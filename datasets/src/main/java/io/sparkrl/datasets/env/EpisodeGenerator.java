package io.sparkrl.datasets.env;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.ObservationShape;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Rolls a {@link BehaviourPolicy} out in a {@link DiscreteEnv} and records {@link Episode}s in the
 * docs/design.md §2 layout.
 *
 * <p>One row per step taken: (s_t, a_t, r_t, behaviour probability of a_t). If the environment ends
 * terminal, the last step's row ends the episode with {@link EndKind#TERMINAL}. If it is truncated,
 * one more row holds the final observation s_T, with the policy's choice at s_T, reward 0 and that
 * choice's probability, and the episode ends {@link EndKind#TIMEOUT}; it is the bootstrap state
 * only. Image observations are stored as uint8 via {@link Episode#ofImages}.
 *
 * <p>Everything random comes from the seed: the same (environment, policy, seed) gives an equal
 * episode, and episode i of a batch can be regenerated alone from {@link #episodeSeed(long, long)}.
 */
public final class EpisodeGenerator {

  /** Rows after which an episode that has not ended is an error (a broken environment). */
  public static final int MAX_ROWS = 1_000_000;

  /** SplittableRandom's seed increment, so that {@link #episodeSeed} indexes its sequence. */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private static final int MAX_PIXEL = 255;

  private EpisodeGenerator() {}

  /**
   * The seed of episode {@code index} of a batch: the (index + 1)-th {@code nextLong()} of {@code
   * new SplittableRandom(seed)}, computed without drawing the ones before it.
   */
  public static long episodeSeed(long seed, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("episode index must be >= 0, got " + index);
    }
    return new SplittableRandom(seed + index * GOLDEN_GAMMA).nextLong();
  }

  /**
   * Generates {@code episodes} episodes with ids "0", "1", …, episode i from {@link
   * #episodeSeed(long, long) episodeSeed(seed, i)}, passes each to {@code sink} and its row count
   * to {@code progressRows}. The sink is not closed.
   *
   * @throws IOException from the sink
   */
  public static void generate(
      DiscreteEnv env,
      BehaviourPolicy policy,
      int episodes,
      long seed,
      EpisodeSink sink,
      LongConsumer progressRows)
      throws IOException {
    if (episodes < 0) {
      throw new IllegalArgumentException("episode count must be >= 0, got " + episodes);
    }
    for (int i = 0; i < episodes; i++) {
      Episode episode = generate(env, policy, episodeSeed(seed, i), Integer.toString(i));
      sink.accept(episode);
      progressRows.accept(episode.length());
    }
  }

  /**
   * Generates episodes "0", "1", … (episode i from {@link #episodeSeed(long, long)
   * episodeSeed(seed, i)}) until their sizes add up to at least {@code target}, e.g. {@code
   * Episode::transitionCount} for a number of transitions or {@code Episode::length} for rows.
   */
  public static java.util.List<Episode> generateUntil(
      DiscreteEnv env,
      BehaviourPolicy policy,
      long seed,
      long target,
      java.util.function.ToLongFunction<Episode> size) {
    java.util.List<Episode> episodes = new java.util.ArrayList<>();
    long total = 0;
    for (long i = 0; total < target; i++) {
      Episode episode = generate(env, policy, episodeSeed(seed, i), Long.toString(i));
      episodes.add(episode);
      total += size.applyAsLong(episode);
    }
    return episodes;
  }

  /**
   * Generates one episode from {@code seed}.
   *
   * @throws IllegalArgumentException if the policy's action count differs from the environment's,
   *     or an image environment returns a value that is not a whole number in 0..255
   * @throws IllegalStateException if the episode has not ended after {@value #MAX_ROWS} rows
   */
  public static Episode generate(
      DiscreteEnv env, BehaviourPolicy policy, long seed, String episodeId) {
    if (policy.actionCount() != env.actionCount()) {
      throw new IllegalArgumentException(
          "policy "
              + policy
              + " has "
              + policy.actionCount()
              + " actions, environment "
              + env.name()
              + " has "
              + env.actionCount());
    }
    SplittableRandom random = new SplittableRandom(seed);
    policy.beginEpisode(random.nextLong());
    float[] observation = env.reset(random.nextLong());
    SplittableRandom actionRandom = random.split();

    Rows rows = new Rows(env, episodeId);
    while (true) {
      BehaviourPolicy.Choice choice = policy.act(observation, actionRandom);
      DiscreteEnv.StepResult result = env.step(choice.action());
      rows.add(observation, choice, result.reward());
      observation = result.observation();
      if (result.terminal()) {
        return rows.build(EndKind.TERMINAL);
      }
      if (result.truncated()) {
        rows.add(observation, policy.act(observation, actionRandom), 0.0);
        return rows.build(EndKind.TIMEOUT);
      }
    }
  }

  /** Growable columns of one episode. */
  private static final class Rows {
    private final DiscreteEnv env;
    private final String id;
    private final ObservationShape shape;
    private final int size;
    private float[] vectors;
    private byte[] images;
    private int[] actions = new int[64];
    private float[] rewards = new float[64];
    private float[] probs = new float[64];
    private int n;

    Rows(DiscreteEnv env, String id) {
      this.env = env;
      this.id = id;
      this.shape = env.observationShape();
      this.size = shape.size();
      if (shape.isImage()) {
        images = new byte[actions.length * size];
      } else {
        vectors = new float[actions.length * size];
      }
    }

    void add(float[] observation, BehaviourPolicy.Choice choice, double reward) {
      if (observation.length != size) {
        throw new IllegalArgumentException(
            env.name() + ": observation of " + observation.length + " values, shape " + shape);
      }
      if (n == MAX_ROWS) {
        throw new IllegalStateException(
            env.name() + ": episode " + id + " has not ended after " + MAX_ROWS + " rows");
      }
      if (n == actions.length) {
        int capacity = Math.min(MAX_ROWS, 2 * n);
        actions = Arrays.copyOf(actions, capacity);
        rewards = Arrays.copyOf(rewards, capacity);
        probs = Arrays.copyOf(probs, capacity);
        if (images != null) {
          images = Arrays.copyOf(images, capacity * size);
        } else {
          vectors = Arrays.copyOf(vectors, capacity * size);
        }
      }
      if (images != null) {
        for (int i = 0; i < size; i++) {
          images[n * size + i] = toPixel(observation[i]);
        }
      } else {
        System.arraycopy(observation, 0, vectors, n * size, size);
      }
      actions[n] = choice.action();
      rewards[n] = (float) reward;
      probs[n] = (float) choice.probability();
      n++;
    }

    private byte toPixel(float value) {
      if (!(value >= 0 && value <= MAX_PIXEL) || value != Math.rint(value)) {
        throw new IllegalArgumentException(
            env.name()
                + ": episode "
                + id
                + ", step "
                + n
                + ": image value "
                + value
                + " is not a whole number in 0..255");
      }
      return (byte) (int) value;
    }

    Episode build(EndKind end) {
      int[] a = Arrays.copyOf(actions, n);
      float[] r = Arrays.copyOf(rewards, n);
      float[] p = Arrays.copyOf(probs, n);
      if (images != null) {
        return Episode.ofImages(id, shape, Arrays.copyOf(images, n * size), a, r, p, end);
      }
      return Episode.ofVectors(id, size, Arrays.copyOf(vectors, n * size), a, r, p, end);
    }
  }
}

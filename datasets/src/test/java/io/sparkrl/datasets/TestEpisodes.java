package io.sparkrl.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** Deterministic random episodes for tests, shared with the other modules' tests (test-jar). */
public final class TestEpisodes {

  private TestEpisodes() {}

  /**
   * {@code count} vector episodes "0", "1", … of 1..maxRows rows (at least 2 when cut off), every
   * third one cut off, standard normal observations, rewards in [0, 0.5), action probabilities 0.5.
   */
  public static List<Episode> randomVectors(
      int count, int features, int actions, int maxRows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Episode> out = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      EndKind end = e % 3 == 1 ? EndKind.TIMEOUT : EndKind.TERMINAL;
      int n = rng.nextInt(end == EndKind.TIMEOUT ? 2 : 1, maxRows + 1);
      float[] obs = new float[n * features];
      for (int i = 0; i < obs.length; i++) {
        obs[i] = (float) rng.nextGaussian();
      }
      float[] probs = new float[n];
      Arrays.fill(probs, 0.5f);
      out.add(
          Episode.ofVectors(
              Integer.toString(e),
              features,
              obs,
              uniformActions(rng, n, actions),
              uniformRewards(rng, n),
              probs,
              end));
    }
    return out;
  }

  /** As {@link #randomVectors} with uint8 images of {@code shape}, without action probabilities. */
  public static List<Episode> randomImages(
      int count, ObservationShape shape, int actions, int maxRows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Episode> out = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      EndKind end = e % 3 == 1 ? EndKind.TIMEOUT : EndKind.TERMINAL;
      int n = rng.nextInt(end == EndKind.TIMEOUT ? 2 : 1, maxRows + 1);
      byte[] frames = new byte[n * shape.size()];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = (byte) rng.nextInt(256);
      }
      out.add(
          Episode.ofImages(
              Integer.toString(e),
              shape,
              frames,
              uniformActions(rng, n, actions),
              uniformRewards(rng, n),
              null,
              end));
    }
    return out;
  }

  private static int[] uniformActions(SplittableRandom rng, int n, int actions) {
    int[] out = new int[n];
    for (int t = 0; t < n; t++) {
      out[t] = rng.nextInt(actions);
    }
    return out;
  }

  private static float[] uniformRewards(SplittableRandom rng, int n) {
    float[] out = new float[n];
    for (int t = 0; t < n; t++) {
      out[t] = (float) rng.nextDouble(0.5);
    }
    return out;
  }

  /** A vector episode of {@code n} rows; action probabilities if {@code withProbs}. */
  public static Episode vector(
      Random random,
      String id,
      int n,
      int features,
      int actionSize,
      boolean withProbs,
      EndKind end) {
    float[] obs = new float[n * features];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = (float) (random.nextGaussian() * 3 + 100);
    }
    return Episode.ofVectors(
        id,
        features,
        obs,
        actions(random, n, actionSize),
        rewards(random, n),
        probs(random, n, withProbs),
        end);
  }

  /** An image episode of {@code n} rows. */
  public static Episode image(
      Random random,
      String id,
      int n,
      ObservationShape shape,
      int actionSize,
      boolean withProbs,
      EndKind end) {
    byte[] frames = new byte[n * shape.size()];
    random.nextBytes(frames);
    return Episode.ofImages(
        id,
        shape,
        frames,
        actions(random, n, actionSize),
        rewards(random, n),
        probs(random, n, withProbs),
        end);
  }

  /** {@code count} vector episodes of 1..maxLength rows, ids "0", "1", …, alternating ends. */
  public static List<Episode> vectors(
      long seed, int count, int maxLength, int features, int actionSize, boolean withProbs) {
    Random random = new Random(seed);
    List<Episode> out = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      int n = 2 + random.nextInt(maxLength - 1);
      out.add(
          vector(
              random,
              Integer.toString(e),
              n,
              features,
              actionSize,
              withProbs,
              e % 2 == 0 ? EndKind.TERMINAL : EndKind.TIMEOUT));
    }
    return out;
  }

  private static int[] actions(Random random, int n, int actionSize) {
    int[] actions = new int[n];
    for (int t = 0; t < n; t++) {
      actions[t] = random.nextInt(actionSize);
    }
    return actions;
  }

  private static float[] rewards(Random random, int n) {
    float[] rewards = new float[n];
    for (int t = 0; t < n; t++) {
      rewards[t] = (float) random.nextGaussian();
    }
    return rewards;
  }

  private static float[] probs(Random random, int n, boolean withProbs) {
    if (!withProbs) {
      return null;
    }
    float[] probs = new float[n];
    for (int t = 0; t < n; t++) {
      probs[t] = 0.05f + 0.95f * random.nextFloat();
    }
    return probs;
  }
}

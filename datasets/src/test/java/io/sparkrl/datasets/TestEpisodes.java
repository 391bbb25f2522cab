package io.sparkrl.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic random episodes for tests. */
public final class TestEpisodes {

  private TestEpisodes() {}

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

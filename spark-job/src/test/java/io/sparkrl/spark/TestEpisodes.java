package io.sparkrl.spark;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small random episodes for tests: vector or image observations, terminal and cut-off ends. */
public final class TestEpisodes {

  private TestEpisodes() {}

  /**
   * {@code count} vector episodes "0", "1", … of 1..maxRows rows (at least 2 when cut off), every
   * third one cut off, rewards in [0, 0.5), with action probabilities.
   */
  public static List<Episode> vectors(
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
      out.add(
          Episode.ofVectors(
              Integer.toString(e),
              features,
              obs,
              actions(rng, n, actions),
              rewards(rng, n),
              probs(n),
              end));
    }
    return out;
  }

  /** As {@link #vectors} with uint8 images of {@code shape}, without action probabilities. */
  public static List<Episode> images(
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
              actions(rng, n, actions),
              rewards(rng, n),
              null,
              end));
    }
    return out;
  }

  private static int[] actions(SplittableRandom rng, int n, int actions) {
    int[] out = new int[n];
    for (int t = 0; t < n; t++) {
      out[t] = rng.nextInt(actions);
    }
    return out;
  }

  private static float[] rewards(SplittableRandom rng, int n) {
    float[] out = new float[n];
    for (int t = 0; t < n; t++) {
      out[t] = (float) rng.nextDouble(0.5);
    }
    return out;
  }

  private static float[] probs(int n) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, 0.5f);
    return out;
  }
}

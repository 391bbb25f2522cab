package io.sparkrl.core.preprocessing;

import io.sparkrl.datasets.Episode;
import java.util.Arrays;

/**
 * Frame stacking of dataset rows (d3rlpy's {@code n_frames}, {@code _stack_frames}): the stacked
 * observation of row t has {@code nFrames·C} channels, newest frame last. Slot i (i = 0 is the
 * newest) occupies channels {@code [(F−1−i)·C, (F−i)·C)} — in the flat C×H×W layout, values {@code
 * [(F−1−i)·S, (F−i)·S)} with S the frame size — and holds row t−i's frame, or zeros where t−i < 0:
 * stacking never reaches into another episode and never repeats the first frame.
 *
 * <p>Works for any observation shape (with {@code nFrames == 1} it is a plain copy); the
 * configuration only allows {@code nFrames > 1} for images. {@link StackedObservation} stacks the
 * same way during evaluation.
 */
public final class FrameStacker {

  private FrameStacker() {}

  /**
   * The stacked shape of {@code nFrames} frames of shape {@code frameDims}: {@code [F·C, H, W]} for
   * images, {@code [F·features]} for vectors.
   */
  public static int[] stackedDims(int[] frameDims, int nFrames) {
    checkFrames(nFrames);
    int[] dims = frameDims.clone();
    dims[0] *= nFrames;
    return dims;
  }

  /**
   * Writes row t's stacked observation ({@code nFrames ×} frame size values) into {@code dst} from
   * {@code offset}.
   *
   * @throws IllegalArgumentException if t is not a row of the episode or nFrames < 1
   */
  public static void stack(Episode episode, int t, int nFrames, float[] dst, int offset) {
    checkFrames(nFrames);
    checkRow(episode, t);
    int size = episode.shape().size();
    for (int i = 0; i < nFrames; i++) {
      int at = offset + (nFrames - 1 - i) * size;
      if (t - i >= 0) {
        episode.copyObservation(t - i, dst, at);
      } else {
        Arrays.fill(dst, at, at + size, 0f);
      }
    }
  }

  /**
   * Writes the stacked successor state of transition t: row t+1's stack. For a terminal last row,
   * which has no successor, the newest slot is zeros (as {@link Episode#copyNextObservation}) and
   * the older slots hold rows t, t−1, … as d3rlpy stacks its next observations; that state is never
   * used for a bootstrap.
   *
   * @throws IllegalArgumentException if t is not a row of the episode or nFrames < 1
   */
  public static void stackNext(Episode episode, int t, int nFrames, float[] dst, int offset) {
    checkFrames(nFrames);
    checkRow(episode, t);
    if (episode.hasNext(t)) {
      stack(episode, t + 1, nFrames, dst, offset);
      return;
    }
    int size = episode.shape().size();
    for (int i = 0; i < nFrames; i++) {
      int at = offset + (nFrames - 1 - i) * size;
      int row = t + 1 - i;
      if (row >= 0 && row < episode.length()) {
        episode.copyObservation(row, dst, at);
      } else {
        Arrays.fill(dst, at, at + size, 0f);
      }
    }
  }

  private static void checkFrames(int nFrames) {
    if (nFrames < 1) {
      throw new IllegalArgumentException("n_frames must be >= 1, got " + nFrames);
    }
  }

  private static void checkRow(Episode episode, int t) {
    if (t < 0 || t >= episode.length()) {
      throw new IllegalArgumentException(
          "episode " + episode.id() + ": row " + t + " is outside [0, " + episode.length() + ")");
    }
  }
}

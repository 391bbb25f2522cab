package io.sparkrl.core.metrics;

import io.sparkrl.core.preprocessing.FrameStacker;
import io.sparkrl.datasets.Episode;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts each episode's transitions into windows of {@value #WINDOW_SIZE}, like d3rlpy's scorers (one
 * {@code TransitionMiniBatch} per window, never spanning two episodes), and fills the model inputs:
 * s_t, and optionally s_{t+1}, frame-stacked with {@link FrameStacker} to the model's {@code
 * nFrames}.
 */
final class TransitionWindows {

  /** d3rlpy's {@code WINDOW_SIZE}: transitions per model call. */
  static final int WINDOW_SIZE = 1024;

  /**
   * One window: transitions {@code [start, start + rows)} of {@code episode}. {@code next} is null
   * unless successors were asked for.
   */
  record Window(Episode episode, int start, int rows, float[] observations, float[] next) {}

  /** Receives each window in episode order. */
  @FunctionalInterface
  interface WindowConsumer {
    void accept(Window window);
  }

  private TransitionWindows() {}

  /**
   * Calls {@code consumer} for every window of every episode; episodes without transitions give
   * none.
   *
   * @throws IllegalArgumentException if an episode's observation shape is not the model's
   */
  static void forEach(
      PolicyModel model, List<Episode> episodes, boolean withNext, WindowConsumer consumer) {
    int nFrames = model.nFrames();
    for (Episode episode : episodes) {
      checkShape(model, episode);
      int inputSize = episode.shape().size() * nFrames;
      int count = episode.transitionCount();
      for (int start = 0; start < count; start += WINDOW_SIZE) {
        int rows = Math.min(WINDOW_SIZE, count - start);
        float[] observations = new float[rows * inputSize];
        float[] next = withNext ? new float[rows * inputSize] : null;
        for (int i = 0; i < rows; i++) {
          FrameStacker.stack(episode, start + i, nFrames, observations, i * inputSize);
          if (withNext) {
            FrameStacker.stackNext(episode, start + i, nFrames, next, i * inputSize);
          }
        }
        consumer.accept(new Window(episode, start, rows, observations, next));
      }
    }
  }

  /** Total transitions of the episodes. */
  static long transitionCount(List<Episode> episodes) {
    long total = 0;
    for (Episode episode : episodes) {
      total += episode.transitionCount();
    }
    return total;
  }

  /**
   * @throws IllegalArgumentException if the episode's single-frame shape differs from the model's
   */
  static void checkShape(PolicyModel model, Episode episode) {
    int[] expected = model.observationShape();
    if (!Arrays.equals(episode.shape().dims(), expected)) {
      throw new IllegalArgumentException(
          "episode "
              + episode.id()
              + ": observation shape "
              + episode.shape()
              + " does not match the model's "
              + Arrays.toString(expected));
    }
  }

  /**
   * @throws IllegalArgumentException naming the scorer if the episodes hold no transitions (the
   *     mean would be undefined; d3rlpy returns NaN with a numpy warning)
   */
  static void requireTransitions(String scorer, List<Episode> episodes) {
    if (transitionCount(episodes) == 0) {
      throw new IllegalArgumentException(
          scorer + ": no transitions in " + episodes.size() + " evaluation episodes");
    }
  }
}

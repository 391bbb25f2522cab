package io.sparkrl.core.preprocessing;

import java.util.Arrays;

/**
 * The stacked observation during evaluation (d3rlpy's {@code StackedObservation}): starts from
 * zeros and rolls each new frame in at the end (newest last), so after pushing the frames of an
 * episode from its start it equals {@link FrameStacker#stack} of the same row. Call {@link
 * #reset()} at every environment reset, before pushing the first observation.
 */
public final class StackedObservation {

  private final int frameSize;
  private final float[] stack;

  /** A zero stack of {@code nFrames} frames of {@code frameSize} values each. */
  public StackedObservation(int frameSize, int nFrames) {
    if (frameSize < 1 || nFrames < 1) {
      throw new IllegalArgumentException(
          "stacked observation: frame size and n_frames must be >= 1, got "
              + frameSize
              + " and "
              + nFrames);
    }
    this.frameSize = frameSize;
    this.stack = new float[frameSize * nFrames];
  }

  /**
   * Drops the oldest frame, shifts the others one slot older and puts {@code frame} in the newest
   * (last) slot.
   *
   * @throws IllegalArgumentException if the frame does not have the frame size
   */
  public void push(float[] frame) {
    if (frame.length != frameSize) {
      throw new IllegalArgumentException(
          "stacked observation: frame has " + frame.length + " values, expected " + frameSize);
    }
    System.arraycopy(stack, frameSize, stack, 0, stack.length - frameSize);
    System.arraycopy(frame, 0, stack, stack.length - frameSize, frameSize);
  }

  /** A copy of the current stack, {@code nFrames × frameSize} values, oldest frame first. */
  public float[] current() {
    return stack.clone();
  }

  /** Sets every slot back to zeros. */
  public void reset() {
    Arrays.fill(stack, 0f);
  }
}

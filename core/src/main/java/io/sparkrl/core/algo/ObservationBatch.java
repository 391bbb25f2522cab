package io.sparkrl.core.algo;

import io.sparkrl.core.preprocessing.FrameStacker;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.datasets.Episode;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the network input for dataset rows: each row's observation, frame-stacked with {@link
 * FrameStacker} when {@code nFrames > 1} (images only), then scaled with the fitted {@link
 * ObservationScaler} (none: unscaled). Rows are written into one flat row-major {@code float[]}
 * {@code [N, ...inputShape]}, which {@link #tensor} wraps as one FLOAT {@link INDArray} without
 * per-row arrays. The same stacking and scaling serve updates, values for returns and baselines.
 *
 * <p>Immutable and serialisable (the scaler is), so it can travel to Spark executors.
 */
public final class ObservationBatch implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int nFrames;
  private final int[] inputShape;
  private final int rowSize;
  private final ObservationScaler scaler;

  /**
   * @param frameDims shape of one dataset observation: {@code [d]} or {@code [C, H, W]}
   * @param nFrames d3rlpy's {@code n_frames}, ≥ 1; stacking happens only for images with {@code
   *     nFrames > 1}
   * @param scaler the fitted scaler, or null for none; its row size must match the input
   * @throws IllegalArgumentException if {@code nFrames < 1} or the scaler's row size disagrees
   */
  public ObservationBatch(int[] frameDims, int nFrames, ObservationScaler scaler) {
    if (nFrames < 1) {
      throw new IllegalArgumentException("n_frames must be >= 1, got " + nFrames);
    }
    this.nFrames = frameDims.length == 3 ? nFrames : 1;
    this.inputShape = FrameStacker.stackedDims(frameDims, this.nFrames);
    int size = 1;
    for (int d : inputShape) {
      size *= d;
    }
    this.rowSize = size;
    if (scaler != null && scaler.rowSize() != rowSize) {
      throw new IllegalArgumentException(
          "scaler rows hold "
              + scaler.rowSize()
              + " values, the network input "
              + Arrays.toString(inputShape)
              + " holds "
              + rowSize);
    }
    this.scaler = scaler;
  }

  /** The network's input shape per row: {@code frameDims} with channels × n_frames for images. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Values per input row. */
  public int rowSize() {
    return rowSize;
  }

  /** The scaler, or null. */
  public ObservationScaler scaler() {
    return scaler;
  }

  /**
   * The stacked, scaled observations of the given transitions.
   *
   * @param episodes the episodes the pairs index
   * @param rows pairs {@code {episode index, t}}
   * @return a new flat array of {@code rows.length × rowSize()} values
   */
  public float[] gather(List<Episode> episodes, int[][] rows) {
    float[] out = new float[rows.length * rowSize];
    for (int i = 0; i < rows.length; i++) {
      FrameStacker.stack(episodes.get(rows[i][0]), rows[i][1], nFrames, out, i * rowSize);
    }
    scale(out, rows.length);
    return out;
  }

  /**
   * The stacked, scaled observations of rows {@code from .. from+count−1} of one episode (for the
   * values V(s_t) of its λ-returns).
   *
   * @return a new flat array of {@code count × rowSize()} values
   */
  public float[] gatherRows(Episode episode, int from, int count) {
    float[] out = new float[count * rowSize];
    for (int i = 0; i < count; i++) {
      FrameStacker.stack(episode, from + i, nFrames, out, i * rowSize);
    }
    scale(out, count);
    return out;
  }

  /** Scales {@code rows} input rows of {@code flat} in place (no-op without a scaler). */
  public void scale(float[] flat, int rows) {
    if (scaler != null) {
      scaler.transform(flat, rows);
    }
  }

  /**
   * Wraps {@code rows} rows of {@code flat} (from index 0) as a FLOAT tensor {@code [rows,
   * ...inputShape]}.
   *
   * @throws IllegalArgumentException if {@code flat} holds fewer values
   */
  public INDArray tensor(float[] flat, int rows) {
    long n = (long) rows * rowSize;
    if (flat.length < n) {
      throw new IllegalArgumentException(
          flat.length + " values cannot hold " + rows + " rows of " + rowSize);
    }
    float[] data = flat.length == n ? flat : Arrays.copyOf(flat, (int) n);
    long[] shape = new long[inputShape.length + 1];
    shape[0] = rows;
    for (int i = 0; i < inputShape.length; i++) {
      shape[i + 1] = inputShape[i];
    }
    return Nd4j.create(data, shape, 'c');
  }

  /** The stacked, scaled observations of the given transitions as a tensor. */
  public INDArray build(List<Episode> episodes, int[][] rows) {
    return tensor(gather(episodes, rows), rows.length);
  }
}

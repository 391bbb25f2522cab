package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.ScalerSpec;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fitted observation scaler (d3rlpy's {@code scaler}), applied to every observation the networks
 * see: updates, predictions, the values used in returns and the exported policy.
 *
 * <p>A scaler is fitted on single frames of shape {@link #frameDims()} and applied to stacked
 * observations of {@link #nFrames()} frames: each frame of a stacked row (a contiguous block of
 * {@code frameSize} values, see {@link FrameStacker}) is scaled with the same per-feature
 * parameters. d3rlpy v0.23 could only use {@code pixel} with frame stacking (its fitted parameters
 * do not broadcast against n_frames·C channels); applying the parameters per frame makes {@code
 * min_max} and {@code standard} work too.
 */
public interface ObservationScaler extends Serializable {

  /**
   * Scales {@code rows} observations of {@link #rowSize()} values each, in place, starting at index
   * 0 of {@code batch} (row-major {@code [rows, ...shape]}).
   *
   * @throws IllegalArgumentException if {@code batch} holds fewer than {@code rows·rowSize()}
   *     values
   */
  void transform(float[] batch, int rows);

  /**
   * Scales a batch {@code [N, ...shape]} and returns the result as a new FLOAT array of the same
   * shape; the argument is not changed.
   *
   * @throws IllegalArgumentException if the batch does not hold N·{@link #rowSize()} values
   */
  default INDArray transform(INDArray batch) {
    int rows = (int) batch.size(0);
    if (batch.length() != (long) rows * rowSize()) {
      throw new IllegalArgumentException(
          "scaler: batch of shape "
              + java.util.Arrays.toString(batch.shape())
              + " does not hold rows of "
              + rowSize()
              + " values");
    }
    float[] data = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
    transform(data, rows);
    return Nd4j.create(data, batch.shape(), 'c');
  }

  /**
   * The scaler as d3rlpy writes it in {@code params.json}: its type and fitted parameters with
   * shape {@code (1, ...frameDims)} (single-frame parameters, never tiled).
   */
  ScalerSpec toSpec();

  /** Shape of one frame the scaler was fitted on: {@code [features]} or {@code [C, H, W]}. */
  int[] frameDims();

  /** Frames per stacked observation (d3rlpy's {@code n_frames}); 1 without stacking. */
  int nFrames();

  /** Values per (stacked) row: frame size × {@link #nFrames()}. */
  default int rowSize() {
    int size = nFrames();
    for (int d : frameDims()) {
      size *= d;
    }
    return size;
  }

  /**
   * Per-element multipliers of the equivalent affine form {@code y = x·scale + offset}, one per
   * value of a stacked row ({@link #rowSize()} values, the frame parameters tiled n_frames times).
   * Meant for exported graphs (ONNX); equal to {@link #transform} up to float rounding.
   */
  float[] scale();

  /** Per-element offsets of the affine form {@code y = x·scale + offset}; see {@link #scale()}. */
  float[] offset();
}

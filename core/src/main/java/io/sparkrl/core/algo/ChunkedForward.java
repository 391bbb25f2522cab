package io.sparkrl.core.algo;

import io.sparkrl.core.nn.DenseInference;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's inference-mode outputs for many stacked, scaled observations, in chunks of {@link
 * AwrLearner#INFERENCE_CHUNK_ROWS} rows: through {@link DenseInference} when the network allows it
 * (the same values as {@code output(x, false)}, faster), otherwise through DL4J's {@code output}.
 *
 * <p>Not thread-safe; one instance per network.
 */
public final class ChunkedForward {

  private final MultiLayerNetwork net;
  private final ObservationBatch inputs;
  private final DenseInference dense;

  /**
   * @param net the network
   * @param inputs how the network's input rows are shaped
   */
  public ChunkedForward(MultiLayerNetwork net, ObservationBatch inputs) {
    this.net = net;
    this.inputs = inputs;
    this.dense = DenseInference.supports(net) ? new DenseInference(net) : null;
  }

  /**
   * Writes the outputs of {@code rows} rows of {@code scaled} ({@code rows × inputs.rowSize()}
   * values) into {@code out}, {@code width} values per row, row-major.
   */
  public void run(float[] scaled, int rows, int width, float[] out) {
    int rowSize = inputs.rowSize();
    for (int from = 0; from < rows; from += AwrLearner.INFERENCE_CHUNK_ROWS) {
      int count = Math.min(AwrLearner.INFERENCE_CHUNK_ROWS, rows - from);
      float[] chunk =
          from == 0 && count == rows
              ? scaled
              : Arrays.copyOfRange(scaled, from * rowSize, (from + count) * rowSize);
      INDArray x = inputs.tensor(chunk, count);
      INDArray y = dense != null ? dense.output(x) : net.output(x, false);
      // DenseInference's [rows, 1] array is its own buffer; output()'s may be a view of a larger
      // one
      float[] values = (dense != null && width == 1 ? y : y.dup('c')).data().asFloat();
      System.arraycopy(values, 0, out, from * width, count * width);
    }
  }
}

package io.sparkrl.core.export;

import io.sparkrl.core.SparkrlVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Writes the greedy policy of a DL4J actor network as an ONNX model (IR version 8, opset 13), the
 * counterpart of d3rlpy's {@code save_policy(fname, as_onnx=True)}.
 *
 * <p>The model has one input, {@code input_0}: float {@code [N, ...observationShape]} with a
 * symbolic batch size {@code N}, and one output, {@code output_0}: int64 {@code [N]}, the action of
 * the highest network output (the first on a tie). In between: the optional per-element affine
 * scaler {@code y = x * scale + offset}, then the network in inference mode (batch normalisation
 * uses its running statistics), then {@code ArgMax(axis=1, keepdims=0)}. All weights are baked in.
 *
 * <p>Supported, read generically from the network's configuration and parameters: {@code
 * DenseLayer}, {@code OutputLayer}, {@code ConvolutionLayer} (NCHW, no padding, dilation 1, mode
 * Truncate or Strict), {@code BatchNormalization} (running statistics; its activation is ignored,
 * as DL4J does) and the NCHW {@code CnnToFeedForwardPreProcessor}; activations identity, ReLU,
 * swish and softmax (on the feature axis of a rank-2 activation). Anything else is refused with an
 * {@link IllegalArgumentException} that names the layer index and type.
 */
public final class OnnxPolicyExporter {

  /** Name of the model's input: float {@code [N, ...observationShape]}. */
  public static final String INPUT_NAME = "input_0";

  /** Name of the model's output: int64 {@code [N]}, the greedy action of each observation. */
  public static final String OUTPUT_NAME = "output_0";

  /** ONNX IR version written. */
  public static final long IR_VERSION = 8;

  /** ONNX default-domain operator set version written. */
  public static final long OPSET_VERSION = 13;

  /** Symbolic name of the batch dimension. */
  static final String BATCH_DIM = "N";

  /** Name of the optional extra output carrying the network's output, for tests. */
  static final String NETWORK_OUTPUT_NAME = "network_output";

  private static final String PRODUCER = "sparkrl";
  private static final String GRAPH_NAME = "sparkrl_greedy_policy";

  private OnnxPolicyExporter() {}

  /**
   * Writes the greedy policy of {@code actor} to {@code out}, which is flushed but not closed.
   *
   * @param actor an initialised network mapping observations to one score (or probability) per
   *     action; only its configuration and parameters are read, the network is not changed
   * @param observationShape the shape of one observation without the batch axis, e.g. {@code {4}}
   *     or {@code {4, 84, 84}} (channels, height, width)
   * @param scale per-element factor in row-major order of {@code observationShape}, or {@code null}
   *     for none
   * @param offset per-element term added after scaling, same layout, or {@code null} for none
   * @param out where the serialised {@code ModelProto} goes
   * @throws IllegalArgumentException if the shape, scaler or a layer is invalid or unsupported
   * @throws IOException if writing to {@code out} fails
   */
  public static void export(
      MultiLayerNetwork actor,
      int[] observationShape,
      float[] scale,
      float[] offset,
      OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    out.write(toModel(actor, observationShape, scale, offset, false));
    out.flush();
  }

  /**
   * The serialised model; with {@code withNetworkOutput} it has a second output, {@code
   * network_output}: float {@code [N, actions]}, the network's output before ArgMax.
   */
  static byte[] toModel(
      MultiLayerNetwork actor,
      int[] observationShape,
      float[] scale,
      float[] offset,
      boolean withNetworkOutput) {
    Objects.requireNonNull(actor, "actor");
    long[] shape = checkShape(observationShape);
    long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    if (actor.params() == null) {
      throw new IllegalArgumentException("actor network is not initialised: call init() first");
    }
    OnnxGraph graph = new OnnxGraph();
    String x = INPUT_NAME;
    if (scale != null) {
      checkScaler("scale", scale, size);
      x = graph.node("scale_mul", "Mul", x, graph.constant("scale", shape, scale));
    }
    if (offset != null) {
      checkScaler("offset", offset, size);
      x = graph.node("offset_add", "Add", x, graph.constant("offset", shape, offset));
    }
    OnnxLayers.Tensor t = new OnnxLayers(actor, graph).translate(new OnnxLayers.Tensor(x, shape));
    if (t.shape().length != 1) {
      throw new IllegalArgumentException(
          "the network's output must be [N, actions], got [N, " + OnnxLayers.dims(t.shape()) + "]");
    }
    graph.node(
        OUTPUT_NAME,
        "ArgMax",
        List.of(OnnxProto.intAttribute("axis", 1), OnnxProto.intAttribute("keepdims", 0)),
        t.name());

    List<byte[]> outputs = new ArrayList<>();
    outputs.add(OnnxProto.tensorValueInfo(OUTPUT_NAME, OnnxProto.INT64, BATCH_DIM));
    if (withNetworkOutput) {
      graph.node(NETWORK_OUTPUT_NAME, "Identity", t.name());
      outputs.add(
          OnnxProto.tensorValueInfo(NETWORK_OUTPUT_NAME, OnnxProto.FLOAT, BATCH_DIM, t.shape()[0]));
    }
    Object[] inputDims = new Object[shape.length + 1];
    inputDims[0] = BATCH_DIM;
    for (int i = 0; i < shape.length; i++) {
      inputDims[i + 1] = shape[i];
    }
    byte[] graphProto =
        graph.toProto(
            GRAPH_NAME,
            List.of(OnnxProto.tensorValueInfo(INPUT_NAME, OnnxProto.FLOAT, inputDims)),
            outputs);
    return OnnxProto.model(
        IR_VERSION, OPSET_VERSION, PRODUCER, String.valueOf(SparkrlVersion.sparkrl()), graphProto);
  }

  private static long[] checkShape(int[] observationShape) {
    if (observationShape == null || observationShape.length == 0) {
      throw new IllegalArgumentException(
          "observationShape must have at least one dimension, got "
              + Arrays.toString(observationShape));
    }
    long[] shape = new long[observationShape.length];
    for (int i = 0; i < shape.length; i++) {
      if (observationShape[i] <= 0) {
        throw new IllegalArgumentException(
            "observationShape "
                + Arrays.toString(observationShape)
                + ": dimension "
                + i
                + " must be positive");
      }
      shape[i] = observationShape[i];
    }
    return shape;
  }

  private static void checkScaler(String name, float[] values, long size) {
    if (values.length != size) {
      throw new IllegalArgumentException(
          name + " has " + values.length + " elements, the observation has " + size);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + values[i]);
      }
    }
  }
}

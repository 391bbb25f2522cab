package io.sparkrl.core.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the nodes and constant initializers of one ONNX graph in topological order. Every node
 * has one output, named after the node, so a node's name is also the tensor a later node reads.
 */
final class OnnxGraph {

  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();

  /** Adds a FLOAT constant and returns its name, for use as a node input. */
  String constant(String name, long[] dims, float[] values) {
    initializers.add(OnnxProto.floatTensor(name, dims, values));
    return name;
  }

  /** Adds a node without attributes and returns its output's name ({@code name}). */
  String node(String name, String opType, String... inputs) {
    return node(name, opType, List.of(), inputs);
  }

  /** Adds a node and returns its output's name ({@code name}). */
  String node(String name, String opType, List<byte[]> attributes, String... inputs) {
    nodes.add(OnnxProto.node(name, opType, Arrays.asList(inputs), List.of(name), attributes));
    return name;
  }

  /** The serialised {@code GraphProto}. */
  byte[] toProto(String name, List<byte[]> inputs, List<byte[]> outputs) {
    return OnnxProto.graph(name, nodes, initializers, inputs, outputs);
  }
}

package io.sparkrl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** Nested JSON number lists (numpy's {@code tolist()}) to and from {@link FittedArray}. */
final class JsonArrays {

  private JsonArrays() {}

  static FittedArray toFittedArray(String where, JsonNode node) {
    List<Integer> shape = new ArrayList<>();
    JsonNode probe = node;
    while (probe.isArray()) {
      shape.add(probe.size());
      if (probe.isEmpty()) {
        break;
      }
      probe = probe.get(0);
    }
    List<Double> values = new ArrayList<>();
    flatten(where, node, shape, 0, values);
    return new FittedArray(
        shape.stream().mapToInt(Integer::intValue).toArray(),
        values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void flatten(
      String where, JsonNode node, List<Integer> shape, int depth, List<Double> out) {
    if (depth == shape.size()) {
      if (!node.isNumber()) {
        throw new IllegalArgumentException(where + ": expected a number, got " + node);
      }
      out.add(node.doubleValue());
      return;
    }
    if (!node.isArray() || node.size() != shape.get(depth)) {
      throw new IllegalArgumentException(
          where + ": ragged or mistyped array, expected shape " + shape + " at depth " + depth);
    }
    for (JsonNode child : node) {
      flatten(where, child, shape, depth + 1, out);
    }
  }

  static JsonNode fromFittedArray(FittedArray array) {
    int[] shape = array.shape();
    if (shape.length == 0) {
      return JsonNodeFactory.instance.numberNode(array.get(0));
    }
    return nest(array.values(), shape, 0, 0);
  }

  private static ArrayNode nest(double[] values, int[] shape, int depth, int offset) {
    ArrayNode node = JsonNodeFactory.instance.arrayNode();
    int stride = 1;
    for (int d = depth + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    for (int i = 0; i < shape[depth]; i++) {
      if (depth == shape.length - 1) {
        node.add(values[offset + i]);
      } else {
        node.add(nest(values, shape, depth + 1, offset + i * stride));
      }
    }
    return node;
  }
}

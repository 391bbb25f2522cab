package io.sparkrl.core.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Hand-encodes the few ONNX protobuf messages a policy graph needs, with field numbers from the
 * public {@code onnx.proto} (proto2: repeated scalars are written unpacked). Each method returns
 * the serialised message; a parent embeds a child as a length-delimited field.
 */
final class OnnxProto {

  /** {@code TensorProto.DataType.FLOAT}. */
  static final int FLOAT = 1;

  /** {@code TensorProto.DataType.INT64}. */
  static final int INT64 = 7;

  private static final int ATTRIBUTE_FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_INTS = 7;

  private OnnxProto() {}

  /** A {@code ModelProto} importing the default domain at {@code opsetVersion}. */
  static byte[] model(
      long irVersion, long opsetVersion, String producer, String producerVersion, byte[] graph) {
    byte[] opset = message(o -> o.writeInt64(2, opsetVersion));
    return message(
        o -> {
          o.writeInt64(1, irVersion);
          o.writeString(2, producer);
          o.writeString(3, producerVersion);
          o.writeByteArray(7, graph);
          o.writeByteArray(8, opset);
        });
  }

  /** A {@code GraphProto}. */
  static byte[] graph(
      String name,
      List<byte[]> nodes,
      List<byte[]> initializers,
      List<byte[]> inputs,
      List<byte[]> outputs) {
    return message(
        o -> {
          writeAll(o, 1, nodes);
          o.writeString(2, name);
          writeAll(o, 5, initializers);
          writeAll(o, 11, inputs);
          writeAll(o, 12, outputs);
        });
  }

  /** A {@code NodeProto} of the default domain. */
  static byte[] node(
      String name,
      String opType,
      List<String> inputs,
      List<String> outputs,
      List<byte[]> attributes) {
    return message(
        o -> {
          for (String in : inputs) {
            o.writeString(1, in);
          }
          for (String out : outputs) {
            o.writeString(2, out);
          }
          o.writeString(3, name);
          o.writeString(4, opType);
          writeAll(o, 5, attributes);
        });
  }

  /** An {@code AttributeProto} of type FLOAT. */
  static byte[] floatAttribute(String name, float value) {
    return message(
        o -> {
          o.writeString(1, name);
          o.writeFloat(2, value);
          o.writeInt32(20, ATTRIBUTE_FLOAT);
        });
  }

  /** An {@code AttributeProto} of type INT. */
  static byte[] intAttribute(String name, long value) {
    return message(
        o -> {
          o.writeString(1, name);
          o.writeInt64(3, value);
          o.writeInt32(20, ATTRIBUTE_INT);
        });
  }

  /** An {@code AttributeProto} of type INTS. */
  static byte[] intsAttribute(String name, long... values) {
    return message(
        o -> {
          o.writeString(1, name);
          for (long v : values) {
            o.writeInt64(8, v);
          }
          o.writeInt32(20, ATTRIBUTE_INTS);
        });
  }

  /**
   * A FLOAT {@code TensorProto} whose row-major {@code values} travel as little-endian raw data.
   */
  static byte[] floatTensor(String name, long[] dims, float[] values) {
    ByteBuffer raw =
        ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return message(
        o -> {
          for (long d : dims) {
            o.writeInt64(1, d);
          }
          o.writeInt32(2, FLOAT);
          o.writeString(8, name);
          o.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
  }

  /**
   * A {@code ValueInfoProto} for a tensor of {@code elemType}; each dimension is a {@link Long}
   * (fixed size) or a {@link String} (symbolic, e.g. the batch size).
   */
  static byte[] tensorValueInfo(String name, int elemType, Object... dims) {
    byte[] shape =
        message(
            o -> {
              for (Object d : dims) {
                o.writeByteArray(1, dimension(d));
              }
            });
    byte[] tensorType =
        message(
            o -> {
              o.writeInt32(1, elemType);
              o.writeByteArray(2, shape);
            });
    byte[] type = message(o -> o.writeByteArray(1, tensorType));
    return message(
        o -> {
          o.writeString(1, name);
          o.writeByteArray(2, type);
        });
  }

  private static byte[] dimension(Object d) {
    if (d instanceof Long size) {
      return message(o -> o.writeInt64(1, size));
    }
    if (d instanceof String param) {
      return message(o -> o.writeString(2, param));
    }
    throw new IllegalArgumentException("dimension must be a Long or a String, got " + d);
  }

  private static void writeAll(CodedOutputStream o, int field, List<byte[]> messages)
      throws IOException {
    for (byte[] m : messages) {
      o.writeByteArray(field, m);
    }
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      fields.write(out);
      out.flush();
    } catch (IOException e) {
      // A ByteArrayOutputStream never fails; keep the cause should that ever change.
      throw new UncheckedIOException("encoding an ONNX message in memory failed", e);
    }
    return bytes.toByteArray();
  }
}

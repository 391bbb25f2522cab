package io.sparkrl.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One network's entry in a model archive of format 2: its flat parameters (batch-norm running
 * statistics included), its updater state (the heavy-ball momentum buffers) and its iteration and
 * epoch counts, as plain big-endian numbers:
 *
 * <pre>
 * int magic 0x53524C4E ("SRLN")   int layout version (1)
 * int iteration count             int epoch count
 * long parameters P               long updater state values U
 * float32 × P                     float32 × U
 * </pre>
 *
 * <p>It replaces DL4J's {@code ModelSerializer} files, whose reader builds a network from the
 * file's own configuration and may read an entry with Java deserialization: reading this layout
 * runs no code chosen by the file, and {@link #readInto} checks the counts against the network the
 * model's {@code params.json} built before it reads a number. Floats are copied bit for bit, so a
 * loaded model continues exactly as the saved one would.
 */
final class NetworkWeights {

  static final int MAGIC = 0x53524C4E;
  static final int LAYOUT_VERSION = 1;
  static final int HEADER_BYTES = 4 * Integer.BYTES + 2 * Long.BYTES;

  /** The saved state of a network, counts checked. */
  record State(float[] parameters, float[] updaterState, int iterationCount, int epochCount) {}

  private NetworkWeights() {}

  static byte[] write(MultiLayerNetwork net) throws IOException {
    float[] parameters = net.params().toFloatVector();
    float[] updater = updaterState(net);
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(
            HEADER_BYTES + Float.BYTES * (parameters.length + updater.length));
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(LAYOUT_VERSION);
    out.writeInt(net.getLayerWiseConfigurations().getIterationCount());
    out.writeInt(net.getLayerWiseConfigurations().getEpochCount());
    out.writeLong(parameters.length);
    out.writeLong(updater.length);
    ByteBuffer values =
        ByteBuffer.allocate(Float.BYTES * (parameters.length + updater.length))
            .order(ByteOrder.BIG_ENDIAN);
    values.asFloatBuffer().put(parameters).put(updater);
    out.write(values.array());
    out.flush();
    return bytes.toByteArray();
  }

  /** The exact size of {@code net}'s entry. */
  static long entryBytes(MultiLayerNetwork net) {
    return HEADER_BYTES + (long) Float.BYTES * (net.numParams() + updaterLength(net));
  }

  /**
   * Reads an entry written for a network shaped as {@code target} into it.
   *
   * @throws IllegalArgumentException naming {@code what} if the entry is not of this layout, or its
   *     counts differ from {@code target}'s
   */
  static void readInto(MultiLayerNetwork target, byte[] bytes, String what) {
    if (bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          what + ": " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    if (in.getInt() != MAGIC) {
      throw new IllegalArgumentException(what + ": not a sparkrl network entry (magic differs)");
    }
    int layout = in.getInt();
    if (layout != LAYOUT_VERSION) {
      throw new IllegalArgumentException(
          what + ": network layout " + layout + ", this sparkrl reads " + LAYOUT_VERSION);
    }
    int iterations = in.getInt();
    int epochs = in.getInt();
    long parameters = in.getLong();
    long updater = in.getLong();
    checkCounts(target, parameters, updater, what);
    long expected = HEADER_BYTES + Float.BYTES * (parameters + updater);
    if (bytes.length != expected) {
      throw new IllegalArgumentException(
          what + ": " + bytes.length + " bytes where its counts need " + expected);
    }
    float[] p = new float[(int) parameters];
    float[] u = new float[(int) updater];
    in.asFloatBuffer().get(p).get(u);
    apply(target, new State(p, u, iterations, epochs));
  }

  /**
   * @throws IllegalArgumentException if the counts are not {@code target}'s
   */
  static void checkCounts(MultiLayerNetwork target, long parameters, long updater, String what) {
    if (parameters != target.numParams() || updater != updaterLength(target)) {
      throw new IllegalArgumentException(
          what
              + ": saved network has "
              + parameters
              + " parameters and "
              + updater
              + " updater values, this model's "
              + target.numParams()
              + " and "
              + updaterLength(target));
    }
  }

  /** Copies a checked state into {@code target}. */
  static void apply(MultiLayerNetwork target, State state) {
    INDArray params = target.params();
    params.assign(Nd4j.createFromArray(state.parameters()).reshape(params.shape()));
    if (state.updaterState().length > 0) {
      INDArray view = target.getUpdater(true).getStateViewArray();
      view.assign(Nd4j.createFromArray(state.updaterState()).reshape(view.shape()));
    }
    target.getLayerWiseConfigurations().setIterationCount(state.iterationCount());
    target.getLayerWiseConfigurations().setEpochCount(state.epochCount());
  }

  static long updaterLength(MultiLayerNetwork net) {
    Updater updater = net.getUpdater(true);
    INDArray state = updater == null ? null : updater.getStateViewArray();
    return state == null ? 0 : state.length();
  }

  private static float[] updaterState(MultiLayerNetwork net) {
    Updater updater = net.getUpdater(true);
    INDArray state = updater == null ? null : updater.getStateViewArray();
    return state == null ? new float[0] : state.toFloatVector();
  }
}

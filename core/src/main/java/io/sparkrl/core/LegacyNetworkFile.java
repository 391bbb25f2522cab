package io.sparkrl.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkrl.core.storage.BoundedZipReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Reads the networks of a format-1 model archive, DL4J {@code ModelSerializer} files, without
 * DL4J's reader: that one builds whatever network the file's configuration describes and reads a
 * {@code preprocessor.bin} entry with Java deserialization. Here only three entries are used, each
 * read within a limit derived from the network the model's {@code params.json} built: {@code
 * configuration.json} for the iteration and epoch counts (plain JSON), and {@code coefficients.bin}
 * and {@code updaterState.bin}, ND4J's {@code Nd4j.write} layout (a shape buffer, then a data
 * buffer; each buffer is {@code writeUTF(allocation mode)}, {@code writeLong(length)}, {@code
 * writeUTF(data type)} and the values, big-endian). Every other entry is skipped unread.
 */
final class LegacyNetworkFile {

  static final String CONFIGURATION = "configuration.json";
  static final String COEFFICIENTS = "coefficients.bin";
  static final String UPDATER = "updaterState.bin";

  /** The most bytes a network configuration may take. */
  static final long MAX_CONFIGURATION_BYTES = 16L << 20;

  /** Room for the shape buffer and the two buffer headers of one array. */
  static final long ARRAY_HEADER_BYTES = 1024;

  private static final int MAX_RANK = 32;

  private LegacyNetworkFile() {}

  /** The most bytes a {@code ModelSerializer} file of {@code net} may take, zipped or not. */
  static long maxFileBytes(MultiLayerNetwork net) {
    return MAX_CONFIGURATION_BYTES
        + 2 * ARRAY_HEADER_BYTES
        + (long) Double.BYTES * (net.numParams() + NetworkWeights.updaterLength(net));
  }

  static void readInto(MultiLayerNetwork target, byte[] file, String what) throws IOException {
    long parameters = target.numParams();
    long updater = NetworkWeights.updaterLength(target);
    float[] p = null;
    float[] u = new float[0];
    int iterations = 0;
    int epochs = 0;
    BoundedZipReader zip = new BoundedZipReader(new ByteArrayInputStream(file), what);
    for (String name = zip.next(); name != null; name = zip.next()) {
      switch (name) {
        case CONFIGURATION -> {
          JsonNode conf =
              ModelArchive.MAPPER.readTree(
                  zip.read(MAX_CONFIGURATION_BYTES, "a network configuration"));
          iterations = conf.path("iterationCount").asInt(0);
          epochs = conf.path("epochCount").asInt(0);
        }
        case COEFFICIENTS -> p = array(zip, parameters, what + " " + COEFFICIENTS);
        case UPDATER -> u = array(zip, updater, what + " " + UPDATER);
        default -> zip.skip();
      }
    }
    if (p == null) {
      throw new IllegalArgumentException(what + ": entry " + COEFFICIENTS + " is missing");
    }
    NetworkWeights.checkCounts(target, p.length, u.length, what);
    NetworkWeights.apply(target, new NetworkWeights.State(p, u, iterations, epochs));
  }

  private static float[] array(BoundedZipReader zip, long expected, String what)
      throws IOException {
    byte[] bytes =
        zip.read(
            ARRAY_HEADER_BYTES + Double.BYTES * expected, "an array of " + expected + " values");
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      Buffer shape = header(in, what);
      if (shape.length() > 2L * MAX_RANK + 4) {
        throw new IllegalArgumentException(
            what + ": shape buffer of " + shape.length() + " values is no ND4J shape");
      }
      for (long i = 0; i < shape.length(); i++) {
        if ("INT".equals(shape.type())) {
          in.readInt();
        } else {
          in.readLong();
        }
      }
      Buffer data = header(in, what);
      if (data.length() != expected) {
        throw new IllegalArgumentException(
            what + ": holds " + data.length() + " values, this model's network needs " + expected);
      }
      float[] values = new float[(int) expected];
      switch (data.type()) {
        case "FLOAT" -> {
          for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
          }
        }
        case "DOUBLE" -> {
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) in.readDouble();
          }
        }
        default ->
            throw new IllegalArgumentException(
                what + ": data type " + data.type() + " is not FLOAT or DOUBLE");
      }
      return values;
    } catch (EOFException e) {
      throw new IllegalArgumentException(what + ": ends before its values do", e);
    }
  }

  private record Buffer(long length, String type) {}

  private static Buffer header(DataInputStream in, String what) throws IOException {
    in.readUTF();
    long length = in.readLong();
    String type = in.readUTF();
    if (length < 0) {
      throw new IllegalArgumentException(what + ": negative buffer length " + length);
    }
    return new Buffer(length, type);
  }
}

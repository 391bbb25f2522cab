package io.sparkrl.core.dynamics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.SparkrlVersion;
import io.sparkrl.core.storage.BoundedZipReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip a {@link ProbabilisticEnsembleDynamics} is saved as: {@value #METADATA} ({@code
 * format_version}, {@code sparkrl_version}, {@code created}, {@code type}, the sizes, the fitting
 * options, the standardiser's {@code mean} and {@code std}, the number of training transitions and
 * the loss of each fitting epoch) and one {@code member_<k>.bin} per ensemble member: its parameter
 * values as big-endian float32 in {@link GaussianMlp#parameters()} order. Floats are written bit
 * for bit, so a loaded model predicts exactly as the saved one.
 */
final class DynamicsArchive {

  /** The format this class writes; {@link #read} refuses newer ones. */
  static final int FORMAT_VERSION = 1;

  static final String METADATA = "metadata.json";
  static final String KEY_FORMAT_VERSION = "format_version";
  static final String KEY_SPARKRL_VERSION = "sparkrl_version";
  static final String KEY_CREATED = "created";
  static final String KEY_TYPE = "type";
  static final String KEY_OBSERVATION_SIZE = "observation_size";
  static final String KEY_ACTION_SIZE = "action_size";
  static final String KEY_N_ENSEMBLES = "n_ensembles";
  static final String KEY_HIDDEN_UNITS = "hidden_units";
  static final String KEY_LEARNING_RATE = "learning_rate";
  static final String KEY_BATCH_SIZE = "batch_size";
  static final String KEY_N_EPOCHS = "n_epochs";
  static final String KEY_STANDARDISE = "standardise";
  static final String KEY_SEED = "seed";
  static final String KEY_MEAN = "mean";
  static final String KEY_STD = "std";
  static final String KEY_TRANSITIONS = "transitions";
  static final String KEY_EPOCH_LOSSES = "epoch_losses";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DynamicsArchive() {}

  /** The most bytes {@value #METADATA} may take. */
  static final long MAX_METADATA_BYTES = 64L << 20;

  /** The most parameters all members together may have: 256 MiB of float32. */
  static final long MAX_ENSEMBLE_PARAMETERS = 1L << 26;

  static final String MEMBER_PREFIX = "member_";

  static String memberEntry(int k) {
    return MEMBER_PREFIX + k + ".bin";
  }

  static void write(ProbabilisticEnsembleDynamics model, OutputStream out) throws IOException {
    DynamicsFitOptions o = model.options();
    ObjectNode m = MAPPER.createObjectNode();
    m.put(KEY_FORMAT_VERSION, FORMAT_VERSION);
    m.put(KEY_SPARKRL_VERSION, SparkrlVersion.sparkrl());
    m.put(KEY_CREATED, Instant.now().toString());
    m.put(KEY_TYPE, ProbabilisticEnsembleDynamics.TYPE);
    m.put(KEY_OBSERVATION_SIZE, model.observationSize());
    m.put(KEY_ACTION_SIZE, model.actionSize());
    m.put(KEY_N_ENSEMBLES, model.nEnsembles());
    ArrayNode hidden = m.putArray(KEY_HIDDEN_UNITS);
    o.hiddenUnits().forEach(hidden::add);
    m.put(KEY_LEARNING_RATE, o.learningRate());
    m.put(KEY_BATCH_SIZE, o.batchSize());
    m.put(KEY_N_EPOCHS, o.nEpochs());
    m.put(KEY_STANDARDISE, o.standardise());
    m.put(KEY_SEED, o.seed());
    ArrayNode mean = m.putArray(KEY_MEAN);
    for (double v : model.standardiser().mean()) {
      mean.add(v);
    }
    ArrayNode std = m.putArray(KEY_STD);
    for (double v : model.standardiser().std()) {
      std.add(v);
    }
    m.put(KEY_TRANSITIONS, model.trainingTransitions());
    ArrayNode losses = m.putArray(KEY_EPOCH_LOSSES);
    for (double v : model.epochLosses()) {
      losses.add(v);
    }
    ZipOutputStream zip = new ZipOutputStream(out);
    put(zip, METADATA, MAPPER.writeValueAsBytes(m));
    for (int k = 0; k < model.nEnsembles(); k++) {
      put(zip, memberEntry(k), floats(model.members().get(k).parameterValues()));
    }
    zip.finish();
    zip.flush();
  }

  static ProbabilisticEnsembleDynamics read(InputStream in, String source) throws IOException {
    BoundedZipReader zip = new BoundedZipReader(in, source);
    String first = zip.next();
    if (first == null) {
      throw new IllegalArgumentException(source + ": not a zip file or an empty one");
    }
    if (!METADATA.equals(first)) {
      throw new IllegalArgumentException(
          source + ": not a sparkrl dynamics model, its first entry is not " + METADATA);
    }
    JsonNode m = MAPPER.readTree(zip.read(MAX_METADATA_BYTES, "a dynamics model's metadata"));
    int version = integer(m, KEY_FORMAT_VERSION, source);
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          source
              + ": dynamics format_version "
              + version
              + " (written by sparkrl "
              + m.path(KEY_SPARKRL_VERSION).asText("?")
              + ") is newer than format_version "
              + FORMAT_VERSION
              + " that sparkrl "
              + SparkrlVersion.sparkrl()
              + " reads");
    }
    String type = m.path(KEY_TYPE).asText("");
    if (!ProbabilisticEnsembleDynamics.TYPE.equals(type)) {
      throw new IllegalArgumentException(
          source + ": dynamics type \"" + type + "\" is not " + ProbabilisticEnsembleDynamics.TYPE);
    }
    int d = integer(m, KEY_OBSERVATION_SIZE, source);
    int actions = integer(m, KEY_ACTION_SIZE, source);
    int n = integer(m, KEY_N_ENSEMBLES, source);
    List<Integer> hidden = new ArrayList<>();
    m.path(KEY_HIDDEN_UNITS).forEach(v -> hidden.add(v.asInt()));
    long perMember = memberParameters(d, actions, n, hidden, source);
    DynamicsFitOptions options =
        new DynamicsFitOptions(
            n,
            hidden,
            m.path(KEY_LEARNING_RATE).asDouble(),
            integer(m, KEY_BATCH_SIZE, source),
            integer(m, KEY_N_EPOCHS, source),
            m.path(KEY_STANDARDISE).asBoolean(),
            m.path(KEY_SEED).asLong());
    FeatureStandardiser standardiser =
        new FeatureStandardiser(doubles(m, KEY_MEAN, d, source), doubles(m, KEY_STD, d, source));
    Map<String, byte[]> entries = new HashMap<>();
    for (String name = zip.next(); name != null; name = zip.next()) {
      if (name.startsWith(MEMBER_PREFIX)) {
        entries.put(
            name, zip.read(Float.BYTES * perMember, "a member of " + perMember + " values"));
      } else {
        zip.skip();
      }
    }
    List<GaussianMlp> members = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      byte[] bytes = entries.get(memberEntry(k));
      if (bytes == null) {
        throw new IllegalArgumentException(
            source + ": entry " + memberEntry(k) + " of " + n + " ensemble members is missing");
      }
      members.add(
          GaussianMlp.restored(
              d + actions, hidden, d + 1, floats(bytes), source + " " + memberEntry(k)));
    }
    double[] losses = new double[m.path(KEY_EPOCH_LOSSES).size()];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = m.path(KEY_EPOCH_LOSSES).get(i).asDouble();
    }
    return new ProbabilisticEnsembleDynamics(
        d, actions, standardiser, members, options, integer(m, KEY_TRANSITIONS, source), losses);
  }

  private static long memberParameters(
      int d, int actions, int n, List<Integer> hidden, String source) {
    long perMember;
    try {
      perMember = GaussianMlp.parameterCount(Math.addExact(d, actions), hidden, d + 1);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + ": " + METADATA + " sizes give no valid network (" + e.getMessage() + ")", e);
    }
    if (n < 1 || perMember > MAX_ENSEMBLE_PARAMETERS / n) {
      throw new IllegalArgumentException(
          source
              + ": "
              + n
              + " ensemble members of "
              + perMember
              + " parameters, outside the limit of 1 to "
              + MAX_ENSEMBLE_PARAMETERS
              + " parameters in all");
    }
    return perMember;
  }

  private static int integer(JsonNode m, String key, String source) {
    JsonNode v = m.get(key);
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalArgumentException(source + ": " + METADATA + " has no integer " + key);
    }
    return v.asInt();
  }

  private static double[] doubles(JsonNode m, String key, int size, String source) {
    JsonNode v = m.get(key);
    if (v == null || !v.isArray() || v.size() != size) {
      throw new IllegalArgumentException(
          source + ": " + METADATA + " " + key + " must be an array of " + size + " numbers");
    }
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = v.get(i).asDouble();
    }
    return out;
  }

  private static byte[] floats(float[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length * Float.BYTES);
    DataOutputStream out = new DataOutputStream(bytes);
    for (float v : values) {
      out.writeFloat(v);
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static float[] floats(byte[] bytes) throws IOException {
    if (bytes.length % Float.BYTES != 0) {
      throw new EOFException("parameter entry of " + bytes.length + " bytes is truncated");
    }
    float[] out = new float[bytes.length / Float.BYTES];
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    for (int i = 0; i < out.length; i++) {
      out[i] = in.readFloat();
    }
    return out;
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}

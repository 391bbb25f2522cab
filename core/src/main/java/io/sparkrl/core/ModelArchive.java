package io.sparkrl.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The zip {@link DiscreteAWR#saveModel} writes (d3rlpy's {@code model_{epoch}.pt}): {@value
 * #METADATA} ({@code format_version}, {@code sparkrl_version}, {@code created} as an ISO-8601
 * instant, and {@code params}: the {@code params.json} document with the fitted scaler and the
 * shape keys), {@value #ACTOR} and {@value #CRITIC} (DL4J {@link ModelSerializer} files with
 * updater state, so the heavy-ball momentum buffers survive a round trip).
 */
final class ModelArchive {

  /** The format this class writes; {@link #read} refuses newer ones. */
  static final int FORMAT_VERSION = 1;

  static final String METADATA = "metadata.json";
  static final String ACTOR = "actor.zip";
  static final String CRITIC = "critic.zip";
  static final String KEY_FORMAT_VERSION = "format_version";
  static final String KEY_SPARKRL_VERSION = "sparkrl_version";
  static final String KEY_CREATED = "created";
  static final String KEY_PARAMS = "params";

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What an archive holds, networks still unrestored. */
  record Contents(JsonNode metadata, byte[] actor, byte[] critic) {
    JsonNode params() {
      return metadata.get(KEY_PARAMS);
    }
  }

  private ModelArchive() {}

  static void write(
      String paramsJson, MultiLayerNetwork actor, MultiLayerNetwork critic, OutputStream out)
      throws IOException {
    ObjectNode metadata = MAPPER.createObjectNode();
    metadata.put(KEY_FORMAT_VERSION, FORMAT_VERSION);
    metadata.put(KEY_SPARKRL_VERSION, SparkrlVersion.sparkrl());
    metadata.put(KEY_CREATED, Instant.now().toString());
    metadata.set(KEY_PARAMS, MAPPER.readTree(paramsJson));
    ZipOutputStream zip = new ZipOutputStream(out);
    putEntry(zip, METADATA, MAPPER.writeValueAsBytes(metadata));
    putEntry(zip, ACTOR, networkBytes(actor, true));
    putEntry(zip, CRITIC, networkBytes(critic, true));
    zip.finish();
    zip.flush();
  }

  /**
   * Reads an archive.
   *
   * @throws IllegalArgumentException if an entry is missing or the format version is newer than
   *     {@link #FORMAT_VERSION}
   */
  static Contents read(InputStream in, String source) throws IOException {
    Map<String, byte[]> entries = entries(in);
    for (String name : new String[] {METADATA, ACTOR, CRITIC}) {
      if (!entries.containsKey(name)) {
        throw new IllegalArgumentException(
            source + ": not a sparkrl model archive, entry " + name + " is missing");
      }
    }
    JsonNode metadata = MAPPER.readTree(entries.get(METADATA));
    JsonNode version = metadata.get(KEY_FORMAT_VERSION);
    if (version == null || !version.canConvertToInt()) {
      throw new IllegalArgumentException(
          source + ": " + METADATA + " has no integer " + KEY_FORMAT_VERSION);
    }
    if (version.asInt() > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          source
              + ": model format_version "
              + version.asInt()
              + " (written by sparkrl "
              + metadata.path(KEY_SPARKRL_VERSION).asText("?")
              + ") is newer than format_version "
              + FORMAT_VERSION
              + " that sparkrl "
              + SparkrlVersion.sparkrl()
              + " reads");
    }
    if (metadata.get(KEY_PARAMS) == null || !metadata.get(KEY_PARAMS).isObject()) {
      throw new IllegalArgumentException(source + ": " + METADATA + " has no params object");
    }
    return new Contents(metadata, entries.get(ACTOR), entries.get(CRITIC));
  }

  /** A DL4J model file of {@code net}. */
  static byte[] networkBytes(MultiLayerNetwork net, boolean saveUpdater) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, bytes, saveUpdater);
    return bytes.toByteArray();
  }

  /**
   * Copies the parameters (batch-norm running statistics included), updater state and iteration
   * counts of a saved network into the live network {@code target}.
   *
   * @throws IllegalArgumentException if the saved network's architecture differs
   */
  static void restoreInto(MultiLayerNetwork target, byte[] saved, String what) throws IOException {
    MultiLayerNetwork source =
        ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(saved), true);
    if (source.getnLayers() != target.getnLayers() || source.numParams() != target.numParams()) {
      throw new IllegalArgumentException(
          what
              + ": saved network has "
              + source.getnLayers()
              + " layers and "
              + source.numParams()
              + " parameters, this model's "
              + target.getnLayers()
              + " and "
              + target.numParams());
    }
    target.setParams(source.params().dup());
    Updater sourceUpdater = source.getUpdater(false);
    INDArray state = sourceUpdater == null ? null : sourceUpdater.getStateViewArray();
    if (state != null && state.length() > 0) {
      target.getUpdater(true).getStateViewArray().assign(state);
    }
    target
        .getLayerWiseConfigurations()
        .setIterationCount(source.getLayerWiseConfigurations().getIterationCount());
    target
        .getLayerWiseConfigurations()
        .setEpochCount(source.getLayerWiseConfigurations().getEpochCount());
  }

  static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static Map<String, byte[]> entries(InputStream in) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      entries.put(e.getName(), zip.readAllBytes());
    }
    return entries;
  }
}

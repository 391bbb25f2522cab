package io.sparkrl.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.storage.BoundedZipReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The zip {@link DiscreteAWR#saveModel} writes (d3rlpy's {@code model_{epoch}.pt}): {@value
 * #METADATA} ({@code format_version}, {@code sparkrl_version}, {@code created} as an ISO-8601
 * instant, and {@code params}: the {@code params.json} document with the fitted scaler and the
 * shape keys), {@value #ACTOR} and {@value #CRITIC} ({@link NetworkWeights}: parameters, updater
 * state and counts, so the heavy-ball momentum buffers survive a round trip).
 *
 * <p>Format 1 archives (DL4J {@code ModelSerializer} files as {@value #LEGACY_ACTOR} and {@value
 * #LEGACY_CRITIC}) are still read, by {@link LegacyNetworkFile}. Reading never runs Java
 * deserialization, and every entry is read within a limit: {@value #MAX_METADATA_BYTES} bytes for
 * the metadata, the exact size of the caller's networks for theirs.
 */
final class ModelArchive {

  /** The format this class writes; {@link #read} refuses newer ones. */
  static final int FORMAT_VERSION = 2;

  static final String METADATA = "metadata.json";
  static final String ACTOR = "actor.bin";
  static final String CRITIC = "critic.bin";
  static final String LEGACY_ACTOR = "actor.zip";
  static final String LEGACY_CRITIC = "critic.zip";
  static final String KEY_FORMAT_VERSION = "format_version";
  static final String KEY_SPARKRL_VERSION = "sparkrl_version";
  static final String KEY_CREATED = "created";
  static final String KEY_PARAMS = "params";

  /** The most bytes {@value #METADATA} may take. */
  static final long MAX_METADATA_BYTES = 64L << 20;

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What an archive holds, networks still unrestored. */
  record Contents(JsonNode metadata, int formatVersion, byte[] actor, byte[] critic) {
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
    putEntry(zip, ACTOR, NetworkWeights.write(actor));
    putEntry(zip, CRITIC, NetworkWeights.write(critic));
    zip.finish();
    zip.flush();
  }

  /**
   * Reads an archive whose networks are to go into {@code actor} and {@code critic}; their sizes
   * bound what is read.
   *
   * @throws IllegalArgumentException if an entry is missing or larger than its limit, or the format
   *     version is newer than {@link #FORMAT_VERSION}
   */
  static Contents read(
      InputStream in, String source, MultiLayerNetwork actor, MultiLayerNetwork critic)
      throws IOException {
    BoundedZipReader zip = new BoundedZipReader(in, source);
    byte[] metadataBytes = null;
    Map<String, byte[]> networks = new HashMap<>();
    for (String name = zip.next(); name != null; name = zip.next()) {
      switch (name) {
        case METADATA -> metadataBytes = zip.read(MAX_METADATA_BYTES, "a model's metadata");
        case ACTOR -> networks.put(name, zip.read(NetworkWeights.entryBytes(actor), "the actor"));
        case CRITIC ->
            networks.put(name, zip.read(NetworkWeights.entryBytes(critic), "the critic"));
        case LEGACY_ACTOR ->
            networks.put(name, zip.read(LegacyNetworkFile.maxFileBytes(actor), "the actor"));
        case LEGACY_CRITIC ->
            networks.put(name, zip.read(LegacyNetworkFile.maxFileBytes(critic), "the critic"));
        default -> zip.skip();
      }
    }
    if (zip.entries() == 0) {
      throw new IllegalArgumentException(source + ": not a zip file or an empty one");
    }
    if (metadataBytes == null) {
      throw new IllegalArgumentException(
          source + ": not a sparkrl model archive, entry " + METADATA + " is missing");
    }
    JsonNode metadata = metadata(metadataBytes, source);
    JsonNode version = metadata.get(KEY_FORMAT_VERSION);
    boolean legacy = version.asInt() < FORMAT_VERSION;
    String actorEntry = legacy ? LEGACY_ACTOR : ACTOR;
    String criticEntry = legacy ? LEGACY_CRITIC : CRITIC;
    for (String name : new String[] {actorEntry, criticEntry}) {
      if (!networks.containsKey(name)) {
        throw new IllegalArgumentException(
            source + ": not a sparkrl model archive, entry " + name + " is missing");
      }
    }
    return new Contents(
        metadata, version.asInt(), networks.get(actorEntry), networks.get(criticEntry));
  }

  /**
   * The hyperparameters and shapes an archive was saved with (its {@code params.json}), read
   * without its networks, so a model can be built to load it into.
   *
   * @throws IllegalArgumentException if the metadata is missing, larger than its limit or invalid
   */
  static JsonNode readParams(InputStream in, String source) throws IOException {
    BoundedZipReader zip = new BoundedZipReader(in, source);
    for (String name = zip.next(); name != null; name = zip.next()) {
      if (METADATA.equals(name)) {
        return metadata(zip.read(MAX_METADATA_BYTES, "a model's metadata"), source).get(KEY_PARAMS);
      }
      zip.skip();
    }
    if (zip.entries() == 0) {
      throw new IllegalArgumentException(source + ": not a zip file or an empty one");
    }
    throw new IllegalArgumentException(
        source + ": not a sparkrl model archive, entry " + METADATA + " is missing");
  }

  private static JsonNode metadata(byte[] metadataBytes, String source) throws IOException {
    JsonNode metadata = MAPPER.readTree(metadataBytes);
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
    return metadata;
  }

  /**
   * Copies the parameters (batch-norm running statistics included), updater state and iteration
   * counts of a saved network into the live network {@code target}.
   *
   * @throws IllegalArgumentException if the saved network's sizes differ
   */
  static void restoreInto(MultiLayerNetwork target, byte[] saved, int formatVersion, String what)
      throws IOException {
    if (formatVersion < FORMAT_VERSION) {
      LegacyNetworkFile.readInto(target, saved, what);
    } else {
      NetworkWeights.readInto(target, saved, what);
    }
  }

  static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}

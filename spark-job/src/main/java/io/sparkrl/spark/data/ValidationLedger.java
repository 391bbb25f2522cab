package io.sparkrl.spark.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The validation ledger of {@code --validation-ledger}: a small JSON file, on any Hadoop file
 * system, that records per dataset folder (partition) the {@link
 * io.sparkrl.spark.provenance.DatasetFingerprint} it was validated at and the outcome, so that a
 * scheduled retraining validates each partition once:
 *
 * <pre>{@code
 * {"format_version": 1,
 *  "partitions": {
 *    "file:/data/cartpole/date=2026-12-01": {"name": "date=2026-12-01",
 *      "fingerprint": "sha256:…", "mode": "STRICT", "status": "VALID",
 *      "validated_at": "2026-12-02T03:00:00Z", "episodes_accepted": 200, "rows_accepted": 4100,
 *      "episodes_rejected": 0, "rows_rejected": 0, "error": null}}}
 * }</pre>
 *
 * Entries are keyed by the folder's qualified URI. A partition whose entry is {@code VALID} at the
 * same fingerprint and validation mode need not be validated again; any other ({@code INVALID}, a
 * changed fingerprint, another mode, no entry) is. The file is replaced atomically ({@link
 * HadoopRunStorage#writeAtomically}); a missing file is an empty ledger. Instances are immutable.
 */
public final class ValidationLedger {

  /** The {@code format_version} this class writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Whether a partition passed validation. */
  public enum Status {
    VALID,
    INVALID
  }

  /**
   * One partition's record.
   *
   * @param name the partition's name ({@link DatasetPart#name()})
   * @param fingerprint the fingerprint it was validated at
   * @param mode the validation mode it was validated in
   * @param status whether it passed
   * @param validatedAt when
   * @param counts what it accepted and rejected; null when it failed
   * @param error why it failed; null when it passed
   */
  public record Entry(
      String name,
      String fingerprint,
      ValidationMode mode,
      Status status,
      Instant validatedAt,
      SourceCounts counts,
      String error) {

    /** Checks the required fields and that counts and error agree with the status. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(validatedAt, "validated_at");
      if ((status == Status.VALID) != (counts != null)
          || (status == Status.VALID) == (error != null)) {
        throw new IllegalArgumentException(
            "a VALID entry has counts and no error, an INVALID one an error and no counts");
      }
    }

    /** A partition that passed validation now, with what it accepted and rejected. */
    public static Entry valid(
        String name, String fingerprint, ValidationMode mode, SourceCounts counts) {
      return new Entry(name, fingerprint, mode, Status.VALID, Instant.now(), counts, null);
    }

    /** A partition that failed validation now, and why. */
    public static Entry invalid(
        String name, String fingerprint, ValidationMode mode, String error) {
      return new Entry(name, fingerprint, mode, Status.INVALID, Instant.now(), null, error);
    }

    /**
     * True if this entry lets a partition at {@code fingerprint} skip validation in {@code mode}.
     */
    public boolean covers(String fingerprint, ValidationMode mode) {
      return status == Status.VALID && this.fingerprint.equals(fingerprint) && this.mode == mode;
    }
  }

  private final Map<String, Entry> entries;

  private ValidationLedger(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** A ledger with no entries. */
  public static ValidationLedger empty() {
    return new ValidationLedger(Map.of());
  }

  /** The entries by qualified folder URI. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /** The entry of {@code key}, or null. */
  public Entry entry(String key) {
    return entries.get(key);
  }

  /** This ledger with {@code key}'s entry set (replaced). */
  public ValidationLedger with(String key, Entry entry) {
    Map<String, Entry> copy = new TreeMap<>(entries);
    copy.put(key, entry);
    return new ValidationLedger(copy);
  }

  /**
   * Reads the ledger at {@code uri}; an empty one if there is no file yet.
   *
   * @throws IllegalArgumentException if the file is not a ledger this sparkrl reads (the message
   *     names it)
   * @throws IOException if the storage fails
   */
  public static ValidationLedger read(HadoopRunStorage storage, String uri) throws IOException {
    if (!storage.exists(uri)) {
      return empty();
    }
    try (InputStream in = storage.open(uri)) {
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--validation-ledger " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the ledger to {@code uri} atomically (a temporary file renamed over it), creating its
   * folder if needed.
   */
  public void write(HadoopRunStorage storage, String uri) throws IOException {
    byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
    org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(uri).getParent();
    if (parent != null && !storage.exists(parent.toString())) {
      storage.mkdirs(parent.toString());
    }
    storage.writeAtomically(uri, out -> out.write(json));
  }

  /** The JSON form, ending with a newline. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    ObjectNode partitions = root.putObject("partitions");
    entries.forEach(
        (key, e) -> {
          ObjectNode n = partitions.putObject(key);
          n.put("name", e.name());
          n.put("fingerprint", e.fingerprint());
          n.put("mode", e.mode().name());
          n.put("status", e.status().name());
          n.put("validated_at", e.validatedAt().toString());
          if (e.counts() != null) {
            n.put("episodes_accepted", e.counts().episodesAccepted());
            n.put("rows_accepted", e.counts().rowsAccepted());
            n.put("episodes_rejected", e.counts().episodesRejected());
            n.put("rows_rejected", e.counts().rowsRejected());
          }
          n.put("error", e.error());
        });
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the validation ledger", e);
    }
  }

  /**
   * Reads the JSON form.
   *
   * @throws IllegalArgumentException for invalid JSON, a missing or bad field, or a newer format
   */
  public static ValidationLedger fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a validation ledger must be a JSON object");
    }
    int version = root.path("format_version").asInt(-1);
    if (version < 1 || version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format_version " + root.path("format_version") + " is not one this sparkrl reads");
    }
    JsonNode partitions = root.path("partitions");
    if (!partitions.isObject()) {
      throw new IllegalArgumentException("'partitions' must be an object");
    }
    Map<String, Entry> entries = new TreeMap<>();
    var it = partitions.fields();
    while (it.hasNext()) {
      var field = it.next();
      JsonNode n = field.getValue();
      try {
        Status status = Status.valueOf(n.path("status").asText());
        SourceCounts counts =
            status == Status.VALID
                ? new SourceCounts(
                    n.path("episodes_accepted").asLong(),
                    n.path("rows_accepted").asLong(),
                    n.path("episodes_rejected").asLong(),
                    n.path("rows_rejected").asLong())
                : null;
        entries.put(
            field.getKey(),
            new Entry(
                n.path("name").asText(),
                n.path("fingerprint").asText(),
                ValidationMode.valueOf(n.path("mode").asText()),
                status,
                Instant.parse(n.path("validated_at").asText()),
                counts,
                n.path("error").isTextual() ? n.path("error").textValue() : null));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "partition " + field.getKey() + ": " + e.getMessage(), e);
      }
    }
    return new ValidationLedger(entries);
  }
}

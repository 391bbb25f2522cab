package io.sparkrl.spark.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.spark.config.TrainSettings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The idempotency key of a retrain: a SHA-256 over what decides its outcome, the fingerprints of
 * the training and evaluation data, the hyperparameters, the job settings and the gate. The
 * champion is not part of it, so rerunning a retrain that published v2 finds v2 (now the champion)
 * instead of comparing the challenger with itself.
 */
public final class RetrainKey {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private RetrainKey() {}

  /**
   * @param dataFingerprint the training data's fingerprint
   * @param evalFingerprint the evaluation slice's fingerprint
   * @param settings the resolved training settings
   * @param gate the evaluation and gate settings, as names and values
   * @return {@code sha256:<hex>}
   */
  public static String of(
      String dataFingerprint,
      String evalFingerprint,
      TrainSettings settings,
      Map<String, String> gate) {
    Map<String, Object> inputs = new TreeMap<>();
    inputs.put("data", dataFingerprint);
    inputs.put("eval_data", evalFingerprint);
    inputs.put("params", AwrConfigParser.toJson(settings.config()));
    Map<String, String> job = new TreeMap<>(settings.job().toMap());
    inputs.put("job", job);
    inputs.put("gate", new TreeMap<>(gate));
    try {
      byte[] canonical = MAPPER.writeValueAsBytes(inputs);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash the retrain's inputs", e);
    }
  }
}

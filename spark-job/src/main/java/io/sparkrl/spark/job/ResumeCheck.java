package io.sparkrl.spark.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrConfigParser;
import io.sparkrl.core.config.AwrParamsFile;
import io.sparkrl.spark.config.JobSettingKeys;
import io.sparkrl.spark.provenance.RunProvenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code --resume} compares between the run it continues ({@code run.json}) and the one asked
 * for now: the dataset (location and fingerprint), the hyperparameters of {@code params.json} (all
 * but {@code use_gpu}, which changes where the run goes, not what it computes) and the job settings
 * that decide the model ({@link #MODEL_JOB_KEYS}). A resumed run reproduces the uninterrupted one
 * only when all of them agree, so a difference is refused with every difference named, unless the
 * caller allows changes.
 */
final class ResumeCheck {

  /** The job settings whose values change the trained model. */
  static final List<String> MODEL_JOB_KEYS =
      List.of(
          JobSettingKeys.WORKERS.name(),
          JobSettingKeys.PARALLEL_MODE_KEY.name(),
          JobSettingKeys.AVERAGING_FREQUENCY.name(),
          JobSettingKeys.WORKER_BATCH_SIZE.name(),
          JobSettingKeys.RETURNS_EVERY.name(),
          JobSettingKeys.VALIDATION.name(),
          JobSettingKeys.SEED.name(),
          JobSettingKeys.HOLDOUT_FRACTION.name());

  /** The flag that resumes despite differences. */
  static final String ALLOW_CHANGES_FLAG = "--allow-changes";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResumeCheck() {}

  /**
   * The differences between the recorded run and this one, each as {@code what: run.json X, now Y};
   * empty when they agree.
   */
  static List<String> differences(
      RunProvenance recorded,
      String fingerprint,
      AwrParamsFile params,
      Map<String, String> jobSettings) {
    List<String> out = new ArrayList<>();
    if (!recorded.datasetFingerprint().equals(fingerprint)) {
      out.add(
          "dataset fingerprint: run.json "
              + recorded.datasetFingerprint()
              + " ("
              + recorded.datasetLocation()
              + "), now "
              + fingerprint);
    }
    JsonNode before = tree(recorded.params());
    JsonNode now = tree(params);
    TreeSet<String> keys = new TreeSet<>();
    before.fieldNames().forEachRemaining(keys::add);
    now.fieldNames().forEachRemaining(keys::add);
    keys.remove(AwrConfig.KEY_USE_GPU);
    for (String key : keys) {
      if (!before.path(key).equals(now.path(key))) {
        out.add(key + ": run.json " + before.path(key) + ", now " + now.path(key));
      }
    }
    for (String key : MODEL_JOB_KEYS) {
      String was = recorded.jobSettings().get(key);
      String is = jobSettings.get(key);
      if (!Objects.equals(was, is)) {
        out.add("job." + key + ": run.json " + was + ", now " + is);
      }
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException naming every difference, unless {@code allowChanges}
   */
  static void verify(String runDirectory, List<String> differences, boolean allowChanges) {
    if (!differences.isEmpty() && !allowChanges) {
      throw new IllegalArgumentException(
          "--resume: "
              + runDirectory
              + " was trained with other inputs, so resuming would not reproduce it: "
              + String.join("; ", differences)
              + ". Start a new run, or pass "
              + ALLOW_CHANGES_FLAG
              + " to resume with the new ones");
    }
  }

  private static JsonNode tree(AwrParamsFile params) {
    ObjectNode node;
    try {
      node = (ObjectNode) JSON.readTree(AwrConfigParser.toJson(params.config()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (params.observationShape() != null) {
      node.set(AwrConfigParser.KEY_OBSERVATION_SHAPE, JSON.valueToTree(params.observationShape()));
    }
    if (params.actionSize() != null) {
      node.put(AwrConfigParser.KEY_ACTION_SIZE, params.actionSize());
    }
    return node;
  }
}

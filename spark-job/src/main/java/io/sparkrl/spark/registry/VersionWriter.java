package io.sparkrl.spark.registry;

import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunDirectory;
import io.sparkrl.spark.job.TrainJob;
import io.sparkrl.spark.provenance.RunRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a claimed version directory from a finished run and commits it: the run's last {@code
 * model_<epoch>.zip} as {@code model.zip}, {@code policy.onnx}, {@code params.json}, {@code
 * run.json} and the given {@code evaluation.json}, then the {@code _COMMITTED} manifest last. Until
 * the manifest exists the version is invisible to readers, so a writer killed half-way leaves a
 * directory that the next publish deletes.
 */
final class VersionWriter {

  private final RegistryStorage storage;

  VersionWriter(RegistryStorage storage) {
    this.storage = storage;
  }

  /**
   * Checks that a run directory can be published: finished ({@code _SUCCESS}) with the files a
   * version needs.
   *
   * @return the file name of the run's last model
   * @throws IllegalArgumentException naming the run and what is missing
   */
  String checkRun(String run) throws IOException {
    if (!storage.exists(run)) {
      throw new IllegalArgumentException("run directory " + run + " does not exist");
    }
    List<String> names = storage.list(run);
    for (String required :
        List.of(
            RunRecorder.SUCCESS_FILE,
            RunDirectory.PARAMS_FILE,
            RunRecorder.RUN_FILE,
            TrainJob.POLICY_ONNX)) {
      if (!names.contains(required)) {
        throw new IllegalArgumentException(
            "run directory " + run + " has no " + required + "; only a finished run is published");
      }
    }
    return ModelCheckpoints.latest(names)
        .orElseThrow(
            () ->
                new IllegalArgumentException("run directory " + run + " has no model_<epoch>.zip"));
  }

  /** Copies the artifacts into {@code dir} (created here) and writes the manifest last. */
  RegistryVersion write(
      String name,
      int version,
      String dir,
      String run,
      String model,
      String evaluationJson,
      String idempotencyKey)
      throws IOException {
    storage.mkdirs(dir);
    List<String> files = new ArrayList<>();
    copy(run, model, dir, ModelRegistry.MODEL_FILE, files);
    copy(run, TrainJob.POLICY_ONNX, dir, TrainJob.POLICY_ONNX, files);
    copy(run, RunDirectory.PARAMS_FILE, dir, RunDirectory.PARAMS_FILE, files);
    copy(run, RunRecorder.RUN_FILE, dir, RunRecorder.RUN_FILE, files);
    storage.writeAtomically(
        storage.resolve(dir, ModelRegistry.EVALUATION_FILE),
        evaluationJson.getBytes(StandardCharsets.UTF_8));
    files.add(ModelRegistry.EVALUATION_FILE);
    files.sort(null);
    RegistryVersion v =
        new RegistryVersion(name, version, dir, Instant.now(), run, idempotencyKey, files);
    storage.writeAtomically(
        storage.resolve(dir, ModelRegistry.COMMITTED_FILE), RegistryJson.manifest(v));
    return v;
  }

  private void copy(String run, String from, String dir, String to, List<String> files)
      throws IOException {
    storage.copy(storage.resolve(run, from), storage.resolve(dir, to));
    files.add(to);
  }
}

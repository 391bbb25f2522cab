package io.sparkrl.spark.job;

import io.sparkrl.core.config.AwrParamsFile;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.spark.provenance.RunProvenance;
import io.sparkrl.spark.provenance.RunRecorder;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A run directory that {@code --resume} continues: its last complete checkpoint and what {@code
 * run.json} recorded the run was made from. Opening it removes the temporary files that a killed
 * atomic write left behind (a published name is only ever a complete file, so the temporaries are
 * never needed).
 *
 * @param directory the run directory
 * @param checkpointEpoch the epoch of its last complete {@code model_<epoch>.zip}
 * @param recorded its {@code run.json}
 */
record ResumedRun(String directory, int checkpointEpoch, RunProvenance recorded) {

  /**
   * Opens a run directory to resume.
   *
   * @throws IllegalArgumentException if it holds no run, a complete one, no checkpoint yet, or no
   *     readable {@code run.json}
   */
  static ResumedRun open(HadoopRunStorage storage, String out, PrintStream console)
      throws IOException {
    if (!storage.exists(out) || storage.list(out).isEmpty()) {
      throw new IllegalArgumentException(
          "--resume: " + out + " holds no run to resume; start without --resume");
    }
    RunRecorder recorder = new RunRecorder(storage, out);
    if (recorder.isComplete()) {
      throw new IllegalArgumentException("--resume: the run in " + out + " is already complete");
    }
    List<String> removed = new ArrayList<>();
    for (String name : storage.list(out)) {
      if (RunStorage.isTemporaryName(name)) {
        storage.deleteRecursively(storage.resolve(out, name));
        removed.add(name);
      }
    }
    if (!removed.isEmpty()) {
      console.println(
          "sparkrl: removed "
              + removed.size()
              + " unfinished write(s) from "
              + out
              + ": "
              + removed);
    }
    OptionalInt last = RunCheckpoints.lastEpoch(storage, out);
    if (last.isEmpty()) {
      throw new IllegalArgumentException(
          "--resume: " + out + " has no model_<epoch>.zip checkpoint yet; start it again");
    }
    String runFile = storage.resolve(out, RunRecorder.RUN_FILE);
    if (!storage.exists(runFile)) {
      throw new IllegalArgumentException(
          "--resume: " + runFile + " is missing, so what the run was made from is unknown");
    }
    return new ResumedRun(out, last.getAsInt(), recorder.read());
  }

  /**
   * Refuses a changed dataset or changed model-deciding job settings.
   *
   * @throws IllegalArgumentException naming the differences, unless {@code allowChanges}
   */
  void checkInputs(String fingerprint, Map<String, String> jobSettings, boolean allowChanges) {
    List<String> differences =
        ResumeCheck.differences(recorded, fingerprint, recorded.params(), jobSettings);
    ResumeCheck.verify(directory, differences, allowChanges);
  }

  /**
   * Refuses changed hyperparameters, and a checkpoint past the last epoch.
   *
   * @throws IllegalArgumentException naming the differences (unless {@code allowChanges}), or the
   *     checkpoint and {@code n_epochs}
   */
  void checkModel(AwrParamsFile params, boolean allowChanges) {
    List<String> differences =
        ResumeCheck.differences(
            recorded, recorded.datasetFingerprint(), params, recorded.jobSettings());
    ResumeCheck.verify(directory, differences, allowChanges);
    int nEpochs = params.config().nEpochs();
    if (checkpointEpoch >= nEpochs) {
      throw new IllegalArgumentException(
          "--resume: "
              + directory
              + " has checkpoint "
              + ModelCheckpoints.fileName(checkpointEpoch)
              + ", past the last epoch "
              + (nEpochs - 1)
              + " of n_epochs="
              + nEpochs
              + "; resume with n_epochs > "
              + checkpointEpoch);
    }
  }

  /** The first epoch still to train: {@code n_epochs} when only the final artifacts are missing. */
  int firstEpoch() {
    return checkpointEpoch + 1;
  }
}

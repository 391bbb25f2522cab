package io.sparkrl.spark.job;

import java.util.Objects;

/**
 * Where a training run reads and writes.
 *
 * @param dataUri the Parquet episode dataset (any Hadoop URI or local path)
 * @param outputUri the run directory to create (or to continue with {@code resume})
 * @param resume continue from the run directory's last complete checkpoint
 * @param initModelUri a {@code model_<epoch>.zip} of an earlier run to start from, or null
 * @param allowChanges with {@code resume}: continue even though the dataset, the hyperparameters or
 *     the model-deciding job settings differ from the run's {@code run.json}
 */
public record TrainRequest(
    String dataUri, String outputUri, boolean resume, String initModelUri, boolean allowChanges) {

  /** Checks that the data and output locations are given. */
  public TrainRequest {
    Objects.requireNonNull(dataUri, "--data");
    Objects.requireNonNull(outputUri, "--output");
  }

  /** A request that refuses to resume with changed inputs. */
  public TrainRequest(String dataUri, String outputUri, boolean resume, String initModelUri) {
    this(dataUri, outputUri, resume, initModelUri, false);
  }
}

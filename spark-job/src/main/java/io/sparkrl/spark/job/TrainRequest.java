package io.sparkrl.spark.job;

import java.util.List;
import java.util.Objects;

/**
 * Where a training run reads and writes.
 *
 * @param dataUris the Parquet episode datasets read as one (any Hadoop URI or local path): each a
 *     dataset folder, or a parent folder of {@code key=value} partitions (see {@link
 *     io.sparkrl.spark.data.DatasetPartitions}); at least one
 * @param dataWindow how many of each parent folder's last partitions to read, or null for all
 * @param validationLedgerUri the {@link io.sparkrl.spark.data.ValidationLedger} that lets each
 *     dataset folder be validated once, or null for none
 * @param outputUri the run directory to create (or to continue with {@code resume})
 * @param resume continue from the run directory's last complete checkpoint
 * @param initModelUri a {@code model_<epoch>.zip} of an earlier run to start from, or null
 * @param allowChanges with {@code resume}: continue even though the dataset, the hyperparameters or
 *     the model-deciding job settings differ from the run's {@code run.json}
 */
public record TrainRequest(
    List<String> dataUris,
    Integer dataWindow,
    String validationLedgerUri,
    String outputUri,
    boolean resume,
    String initModelUri,
    boolean allowChanges) {

  /** Checks that the data and output locations are given, and copies the data URIs. */
  public TrainRequest {
    Objects.requireNonNull(dataUris, "--data");
    dataUris = List.copyOf(dataUris);
    if (dataUris.isEmpty()) {
      throw new IllegalArgumentException("--data: at least one dataset is required");
    }
    if (dataWindow != null && dataWindow < 1) {
      throw new IllegalArgumentException("--data-window must be at least 1, got " + dataWindow);
    }
    Objects.requireNonNull(outputUri, "--output");
  }

  /** One dataset folder, all of it, without a ledger. */
  public TrainRequest(
      String dataUri, String outputUri, boolean resume, String initModelUri, boolean allowChanges) {
    this(
        List.of(Objects.requireNonNull(dataUri, "--data")),
        null,
        null,
        outputUri,
        resume,
        initModelUri,
        allowChanges);
  }

  /** A request that refuses to resume with changed inputs. */
  public TrainRequest(String dataUri, String outputUri, boolean resume, String initModelUri) {
    this(dataUri, outputUri, resume, initModelUri, false);
  }

  /**
   * The {@code --data} URIs as one location: the URI itself when there is one, else joined by
   * {@code ,}.
   */
  public String dataUri() {
    return String.join(",", dataUris);
  }
}

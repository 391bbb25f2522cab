package io.sparkrl.spark.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The training data options that {@code train} and {@code retrain} share: one or more dataset
 * folders or partition parents, a window over the partitions and a validation ledger
 * (docs/design.md §3.1).
 */
public final class DataOptions {

  @Option(
      names = "--data",
      required = true,
      paramLabel = "URI",
      description =
          "Parquet episode dataset URI; repeatable (the datasets are read as one, episode ids"
              + " unique across them). A folder with no part files but key=value subfolders"
              + " (date=2026-12-01/) is a parent of partitions: each partition is a dataset,"
              + " in name order.")
  List<String> uris = new ArrayList<>();

  @Option(
      names = "--data-window",
      paramLabel = "N",
      description = "Read only the last N partitions (by name) of each partitioned --data folder.")
  Integer window;

  @Option(
      names = "--validation-ledger",
      paramLabel = "URI",
      description =
          "JSON file (any Hadoop FS) recording each dataset folder's fingerprint and validation"
              + " result: a folder unchanged since it was validated is not validated again.")
  String ledger;

  /** The {@code --data} URIs in the order given. */
  public List<String> uris() {
    return List.copyOf(uris);
  }

  /** {@code --data-window}, or null for every partition. */
  public Integer window() {
    return window;
  }

  /** {@code --validation-ledger}, or null for none. */
  public String ledger() {
    return ledger;
  }
}

package io.sparkrl.spark.data;

import io.sparkrl.datasets.parquet.DatasetReadException;
import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.spark.provenance.DatasetFingerprint;
import io.sparkrl.spark.provenance.Redaction;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Validation once per dataset folder, through a {@link ValidationLedger} ({@code
 * --validation-ledger}): a folder the ledger holds as valid at its current fingerprint is not
 * validated again (the log says so); a new or changed one is validated on its own ({@link
 * SparkEpisodeSource#validate}) and its outcome recorded. Says on {@code console} what it does.
 */
public final class LedgerValidation {

  private final SparkSession spark;
  private final HadoopRunStorage storage;
  private final PrintStream console;

  /** Validation with {@code spark}, reading and writing through {@code storage}. */
  public LedgerValidation(SparkSession spark, HadoopRunStorage storage, PrintStream console) {
    this.spark = spark;
    this.storage = storage;
    this.console = console;
  }

  /**
   * Validates each dataset folder the ledger does not hold as valid at its current fingerprint (and
   * validation mode), on its own, and records the outcome in the ledger; a folder that fails is
   * recorded INVALID and fails the run, named.
   */
  public Map<DatasetPart, String> validateOnce(
      List<DatasetPart> parts, ReadOptions read, String ledgerUri) throws IOException {
    Map<DatasetPart, String> fingerprints = new LinkedHashMap<>();
    Redaction redaction = Redaction.of(spark);
    ValidationLedger ledger = ValidationLedger.read(storage, ledgerUri);
    ValidationLedger before = ledger;
    ValidationMode mode = read.mode();
    SparkEpisodeSource source = new SparkEpisodeSource(spark);
    try {
      for (DatasetPart part : parts) {
        if (!storage.exists(part.uri())) {
          throw new EpisodeValidationException(
              part.describe() + ": no such file or directory", (Throwable) null);
        }
        String fingerprint = DatasetFingerprint.of(part.uri(), storage.configuration());
        fingerprints.put(part, fingerprint);
        String key = qualified(storage, part.uri());
        ValidationLedger.Entry entry = ledger.entry(key);
        String shown = redaction.text(part.describe());
        if (entry != null && entry.covers(fingerprint, mode)) {
          console.printf(
              "sparkrl: %s unchanged since validated %s (%s): not validated again%n",
              shown, entry.validatedAt(), fingerprint);
          continue;
        }
        console.printf(
            "sparkrl: validating %s (%s)%n",
            shown,
            entry == null
                ? "not in the ledger"
                : !entry.fingerprint().equals(fingerprint)
                    ? "changed since validated " + entry.validatedAt()
                    : entry.status() == ValidationLedger.Status.INVALID
                        ? "it failed validation before"
                        : "validated in " + entry.mode() + " mode before");
        try {
          var counts = source.validate(part.uri(), read);
          ledger =
              ledger.with(
                  key, ValidationLedger.Entry.valid(part.name(), fingerprint, mode, counts));
          console.printf(
              "sparkrl: %s valid: %d episodes accepted, %d rejected%n",
              shown, counts.episodesAccepted(), counts.episodesRejected());
        } catch (IllegalArgumentException | DatasetReadException e) {
          String why = String.valueOf(e.getMessage());
          ledger =
              ledger.with(
                  key,
                  ValidationLedger.Entry.invalid(
                      part.name(), fingerprint, mode, redaction.text(why)));
          throw new EpisodeValidationException(part.describe() + " failed validation: " + why, e);
        }
      }
    } finally {
      if (ledger != before) {
        ledger.write(storage, ledgerUri);
      }
    }
    return fingerprints;
  }

  private static String qualified(HadoopRunStorage storage, String uri) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
    return path.getFileSystem(storage.configuration()).makeQualified(path).toString();
  }
}

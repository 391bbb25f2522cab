package io.sparkrl.spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.validation.ValidationMode;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's JSON form, what an entry lets skip, and its atomic file. */
class ValidationLedgerTest {

  @TempDir Path tmp;

  private static final Instant AT = Instant.parse("2026-12-02T03:00:00Z");

  private static ValidationLedger.Entry valid(String fingerprint) {
    return new ValidationLedger.Entry(
        "date=2026-12-01",
        fingerprint,
        ValidationMode.STRICT,
        ValidationLedger.Status.VALID,
        AT,
        new SourceCounts(5, 40, 0, 0),
        null);
  }

  @Test
  void anEntryCoversOnlyTheSameFingerprintAndModeWhenValid() {
    ValidationLedger.Entry e = valid("sha256:a");
    ValidationLedger.Entry failed =
        new ValidationLedger.Entry(
            "date=2026-12-01",
            "sha256:a",
            ValidationMode.STRICT,
            ValidationLedger.Status.INVALID,
            AT,
            null,
            "episode 3 was rejected");

    assertThat(e.covers("sha256:a", ValidationMode.STRICT)).isTrue();
    assertThat(e.covers("sha256:b", ValidationMode.STRICT)).isFalse();
    assertThat(e.covers("sha256:a", ValidationMode.QUARANTINE)).isFalse();
    assertThat(failed.covers("sha256:a", ValidationMode.STRICT)).isFalse();
  }

  @Test
  void writesAtomicallyAndReadsBackAndAMissingFileIsEmpty() throws Exception {
    HadoopRunStorage storage = new HadoopRunStorage(new Configuration());
    String uri = tmp.resolve("state/ledger.json").toString();
    assertThat(ValidationLedger.read(storage, uri).entries()).isEmpty();

    ValidationLedger ledger =
        ValidationLedger.empty().with("file:/data/date=2026-12-01", valid("sha256:a"));
    ledger.write(storage, uri);
    ledger.with("file:/data/date=2026-12-01", valid("sha256:b")).write(storage, uri);

    ValidationLedger read = ValidationLedger.read(storage, uri);
    assertThat(read.entries()).isEqualTo(Map.of("file:/data/date=2026-12-01", valid("sha256:b")));
    try (var files = Files.list(tmp.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ledger.json");
    }
    assertThat(Files.readString(tmp.resolve("state/ledger.json")))
        .contains("\"format_version\" : 1")
        .contains("\"episodes_accepted\" : 5");
  }

  @Test
  void aNewerFormatOrABadEntryIsRefusedNamingTheFile() throws Exception {
    HadoopRunStorage storage = new HadoopRunStorage(new Configuration());
    Path newer = Files.writeString(tmp.resolve("newer.json"), "{\"format_version\": 2}");
    Path bad =
        Files.writeString(
            tmp.resolve("bad.json"),
            "{\"format_version\": 1, \"partitions\": {\"p\": {\"status\": \"MAYBE\"}}}");

    assertThatThrownBy(() -> ValidationLedger.read(storage, newer.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--validation-ledger " + newer)
        .hasMessageContaining("format_version 2");
    assertThatThrownBy(() -> ValidationLedger.read(storage, bad.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition p");
  }
}

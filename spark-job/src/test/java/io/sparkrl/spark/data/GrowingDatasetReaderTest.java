package io.sparkrl.spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.TestEpisodes;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several dataset folders read as one (unique episode ids across them), and validation once per
 * partition through the ledger.
 */
class GrowingDatasetReaderTest extends SparkTestBase {

  @TempDir Path tmp;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(log, true, StandardCharsets.UTF_8);

  /** {@code count} random episodes with ids {@code first}, {@code first + 1}, … in {@code dir}. */
  static Path write(Path dir, int first, int count, long seed) throws Exception {
    return write(dir, renumbered(TestEpisodes.randomVectors(count, 2, 2, 10, seed), first));
  }

  static Path write(Path dir, List<Episode> episodes) throws Exception {
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(dir, ObservationShape.vector(2), 2, true, 50)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    return dir;
  }

  static List<Episode> renumbered(List<Episode> episodes, int first) {
    List<Episode> out = new ArrayList<>();
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      out.add(
          Episode.ofVectors(
              Integer.toString(first + i),
              2,
              e.vectorData(),
              e.actions(),
              e.rewards(),
              probs(e),
              e.end()));
    }
    return out;
  }

  private static float[] probs(Episode e) {
    float[] out = new float[e.length()];
    for (int t = 0; t < out.length; t++) {
      out[t] = e.actionProb(t);
    }
    return out;
  }

  @Test
  void twoFoldersAreReadAsOneDataset() throws Exception {
    Path a = write(tmp.resolve("a"), 0, 6, 1);
    Path b = write(tmp.resolve("b"), 100, 4, 2);

    IndexedEpisodes read =
        new SparkEpisodeSource(spark)
            .read(List.of(a.toString(), b.toString()), ReadOptions.strict());
    try {
      assertThat(read.episodeCount()).isEqualTo(10);
      assertThat(read.episodes().collect())
          .extracting(e -> e.episode().id())
          .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "100", "101", "102", "103");
    } finally {
      read.unpersist();
    }
  }

  @Test
  void anEpisodeIdInTwoFoldersIsRefusedNamingBoth() throws Exception {
    Path a = write(tmp.resolve("day=1"), 0, 5, 1);
    Path b = write(tmp.resolve("day=2"), 4, 5, 2); // episode 4 is in both

    assertThatThrownBy(
            () ->
                new SparkEpisodeSource(spark)
                    .read(List.of(a.toString(), b.toString()), ReadOptions.strict()))
        .isInstanceOf(EpisodeValidationException.class)
        .hasMessageContaining("episode 4 is in both " + a + " and " + b)
        .hasMessageContaining("unique");
  }

  @Test
  void theLedgerSkipsAnUnchangedPartitionAndRevalidatesAChangedOne() throws Exception {
    Path parent = tmp.resolve("events");
    write(parent.resolve("date=2026-12-01"), 0, 5, 1);
    Path second = write(parent.resolve("date=2026-12-02"), 100, 5, 2);
    String ledgerUri = tmp.resolve("ledger/validation.json").toString();
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    LedgerValidation validation = new LedgerValidation(spark, storage, console);
    List<DatasetPart> parts =
        DatasetPartitions.resolve(List.of(parent.toString()), null, storage.configuration());

    validation.validateOnce(parts, ReadOptions.strict(), ledgerUri);
    ValidationLedger first = ValidationLedger.read(storage, ledgerUri);
    assertThat(first.entries()).hasSize(2);
    assertThat(first.entries().values())
        .allMatch(e -> e.status() == ValidationLedger.Status.VALID)
        .extracting(e -> e.counts().episodesAccepted())
        .containsExactly(5L, 5L);
    assertThat(log.toString()).contains("validating partition date=2026-12-01");

    // the second partition grows by a part file; the first stays as it was
    write(tmp.resolve("extra"), 200, 3, 3);
    try (var files = Files.list(tmp.resolve("extra"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.copy(f, second.resolve("added-" + f.getFileName()));
      }
    }
    log.reset();
    Map<DatasetPart, String> fingerprints =
        validation.validateOnce(parts, ReadOptions.strict(), ledgerUri);
    ValidationLedger again = ValidationLedger.read(storage, ledgerUri);

    String key1 = qualified(parent.resolve("date=2026-12-01"));
    String key2 = qualified(second);
    assertThat(again.entry(key1)).isEqualTo(first.entry(key1));
    assertThat(log.toString())
        .contains("partition date=2026-12-01 (" + parts.get(0).uri() + ") unchanged")
        .contains("not validated again")
        .doesNotContain("validating partition date=2026-12-01")
        .contains("validating partition date=2026-12-02")
        .contains("changed since validated");
    assertThat(again.entry(key2).fingerprint())
        .isNotEqualTo(first.entry(key2).fingerprint())
        .isEqualTo(fingerprints.get(parts.get(1)));
    assertThat(again.entry(key2).validatedAt()).isAfter(first.entry(key2).validatedAt());
    assertThat(again.entry(key2).counts().episodesAccepted()).isEqualTo(8);
  }

  @Test
  void aBadPartitionFailsByNameAndIsNotRecordedValid() throws Exception {
    Path parent = tmp.resolve("events");
    write(parent.resolve("date=2026-12-01"), 0, 5, 1);
    List<Episode> bad = renumbered(TestEpisodes.randomVectors(5, 2, 2, 10, 2), 100);
    Episode e = bad.get(2);
    float[] rewards = e.rewards().clone();
    rewards[0] = Float.NaN;
    bad.set(
        2, Episode.ofVectors(e.id(), 2, e.vectorData(), e.actions(), rewards, probs(e), e.end()));
    Path badDir = write(parent.resolve("date=2026-12-02"), bad);
    String ledgerUri = tmp.resolve("validation.json").toString();
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    List<DatasetPart> parts =
        DatasetPartitions.resolve(List.of(parent.toString()), null, storage.configuration());

    assertThatThrownBy(
            () ->
                new LedgerValidation(spark, storage, console)
                    .validateOnce(parts, ReadOptions.strict(), ledgerUri))
        .isInstanceOf(EpisodeValidationException.class)
        .hasMessageContaining("partition date=2026-12-02 (" + badDir + ") failed validation")
        .hasMessageContaining("episode 102");

    ValidationLedger ledger = ValidationLedger.read(storage, ledgerUri);
    assertThat(ledger.entry(qualified(parent.resolve("date=2026-12-01"))).status())
        .isEqualTo(ValidationLedger.Status.VALID);
    ValidationLedger.Entry failed = ledger.entry(qualified(badDir));
    assertThat(failed.status()).isEqualTo(ValidationLedger.Status.INVALID);
    assertThat(failed.counts()).isNull();
    assertThat(failed.error()).contains("episode 102");
    assertThat(ledger.toJson()).contains("\"status\" : \"INVALID\"");
  }

  private static String qualified(Path dir) throws Exception {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir.toString());
    return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
  }
}

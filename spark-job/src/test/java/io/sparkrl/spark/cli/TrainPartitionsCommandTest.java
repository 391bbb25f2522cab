package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.datasets.parquet.EpisodeParquetWriter;
import io.sparkrl.spark.data.ValidationLedger;
import io.sparkrl.spark.provenance.DatasetFingerprint;
import io.sparkrl.spark.provenance.PartitionUsed;
import io.sparkrl.spark.provenance.RunProvenance;
import io.sparkrl.spark.provenance.RunProvenanceParser;
import io.sparkrl.spark.provenance.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkrl train} on a parent folder of {@code date=…} partitions with {@code --data-window}
 * and {@code --validation-ledger}, and on two {@code --data} folders sharing an episode id. Each
 * run starts and stops its own {@code local[2]} session, UI off, on the loopback host.
 */
class TrainPartitionsCommandTest {

  private static final String CONFIG =
      """
      {"encoder_params": {"hidden_units": [8]}, "batch_size": 128,
       "batch_size_per_update": 64, "n_critic_updates": 1, "n_actor_updates": 1,
       "n_epochs": 1, "job": {"workers": 1}}
      """;

  private static final Map<String, String> SPARK_CONF = new LinkedHashMap<>();

  static {
    SPARK_CONF.put("spark.ui.enabled", "false");
    SPARK_CONF.put("spark.driver.host", "127.0.0.1");
    SPARK_CONF.put("spark.driver.bindAddress", "127.0.0.1");
    SPARK_CONF.put("spark.sql.shuffle.partitions", "4");
    SPARK_CONF.put("spark.default.parallelism", "2");
  }

  @TempDir static Path dir;
  private static Path config;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void sparkConf() throws IOException {
    config = Files.writeString(dir.resolve("config.json"), CONFIG);
    SPARK_CONF.forEach(System::setProperty);
  }

  @AfterAll
  static void clearTheSparkConf() {
    SPARK_CONF.keySet().forEach(System::clearProperty);
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  /** CartPole episodes seeded from {@code seed} (ids ep<seed>, …) in {@code folder}. */
  private static Path cartPole(Path folder, int transitions, long seed) throws IOException {
    List<Episode> episodes = CartPoleFixtures.episodes(transitions, seed);
    try (EpisodeParquetWriter writer =
        EpisodeParquetWriter.create(folder, ObservationShape.vector(4), 2, false, 5_000)) {
      for (Episode e : episodes) {
        writer.accept(e);
      }
    }
    return folder;
  }

  private int train(String... more) {
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> args =
        new ArrayList<>(List.of("train", "--master", "local[2]", "--config", config.toString()));
    args.addAll(List.of(more));
    return cli.execute(args.toArray(new String[0]));
  }

  @Test
  void trainsOnTheWindowOfPartitionsAndRunJsonListsThem() throws Exception {
    Path parent = dir.resolve("events");
    cartPole(parent.resolve("date=2026-12-01"), 300, 0);
    cartPole(parent.resolve("date=2026-12-02"), 300, 1_000);
    Path newest = cartPole(parent.resolve("date=2026-12-03"), 300, 2_000);
    Path older = parent.resolve("date=2026-12-02");
    Path run = dir.resolve("run");
    Path ledger = dir.resolve("ledger.json");

    int code =
        train(
            "--data",
            parent.toString(),
            "--data-window",
            "2",
            "--validation-ledger",
            ledger.toString(),
            "--output",
            run.toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    RunProvenance provenance =
        RunProvenanceParser.fromJson(Files.readString(run.resolve("run.json")));
    assertThat(provenance.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(provenance.partitions())
        .extracting(PartitionUsed::name, PartitionUsed::location)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("date=2026-12-02", older.toString()),
            org.assertj.core.groups.Tuple.tuple("date=2026-12-03", newest.toString()));
    Configuration conf = new Configuration();
    assertThat(provenance.partitions().get(1).fingerprint())
        .isEqualTo(DatasetFingerprint.of(newest.toString(), conf));
    assertThat(provenance.datasetFingerprint())
        .isEqualTo(DatasetFingerprint.ofParts(provenance.partitions()));
    assertThat(provenance.datasetLocation()).isEqualTo(parent.toString());
    // the ledger knows the two partitions used, not the one outside the window
    ValidationLedger entries = ValidationLedger.fromJson(Files.readString(ledger));
    assertThat(entries.entries().values())
        .extracting(ValidationLedger.Entry::name)
        .containsExactly("date=2026-12-02", "date=2026-12-03");
    assertThat(entries.entries().values())
        .allMatch(e -> e.status() == ValidationLedger.Status.VALID);
  }

  @Test
  void anEpisodeIdInTwoDataFoldersExitsTwoNamingBoth() throws Exception {
    Path a = cartPole(dir.resolve("dup-a"), 200, 0);
    Path b = cartPole(dir.resolve("dup-b"), 200, 3); // ep3, ep4, … are in both
    Path run = dir.resolve("run-dup");

    int code = train("--data", a.toString(), "--data", b.toString(), "--output", run.toString());

    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString())
        .startsWith("sparkrl: episode ep")
        .contains("is in both " + a + " and " + b)
        .contains("unique");
    assertThat(run).doesNotExist();
  }
}

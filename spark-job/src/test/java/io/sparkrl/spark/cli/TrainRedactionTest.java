package io.sparkrl.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.provenance.Redaction;
import io.sparkrl.spark.provenance.RunProvenance;
import io.sparkrl.spark.provenance.RunProvenanceParser;
import io.sparkrl.spark.provenance.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sparkrl train} with secrets in its Spark configuration, as {@code spark-submit --conf}
 * passes them (system properties): neither {@code run.json} nor the error it prints holds them.
 * Each run starts and stops its own {@code local[2]} session, UI off, on the loopback host.
 */
class TrainRedactionTest {

  private static final String SECRET = "hunter2";

  private static final String CONFIG =
      """
      {"encoder_params": {"hidden_units": [8]}, "batch_size": 256,
       "batch_size_per_update": 64, "n_critic_updates": 2, "n_actor_updates": 2,
       "n_epochs": 1, "job": {"workers": 1}}
      """;

  /** The Spark configuration of the runs, set as system properties and cleared after. */
  private static final Map<String, String> SPARK_CONF = new LinkedHashMap<>();

  static {
    SPARK_CONF.put("spark.ui.enabled", "false");
    SPARK_CONF.put("spark.driver.host", "127.0.0.1");
    SPARK_CONF.put("spark.driver.bindAddress", "127.0.0.1");
    SPARK_CONF.put("spark.sql.shuffle.partitions", "4");
    SPARK_CONF.put("spark.default.parallelism", "2");
    SPARK_CONF.put("spark.executorEnv.DB_PASS", SECRET);
    SPARK_CONF.put("spark.driver.extraJavaOptions", "-Dx.password=" + SECRET + " -Dother=visible");
    SPARK_CONF.put(Redaction.REGEX_KEY, "(?i)mycompany[.]vault");
    SPARK_CONF.put("spark.hadoop.mycompany.vault", SECRET);
  }

  @TempDir static Path dir;
  private static Path data;
  private static Path config;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void secretsInTheSparkConf() throws IOException {
    data = CartPoleFixtures.writeParquet(dir.resolve("data"), 20);
    config = Files.writeString(dir.resolve("config.json"), CONFIG);
    SPARK_CONF.forEach(System::setProperty);
  }

  @AfterAll
  static void clearTheSparkConf() {
    SPARK_CONF.keySet().forEach(System::clearProperty);
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private int train(String output, String... more) {
    CommandLine cli = SparkrlCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] args = {
      "train",
      "--master",
      "local[2]",
      "--config",
      config.toString(),
      "--data",
      data.toString(),
      "--output",
      output
    };
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.execute(all);
  }

  @Test
  void runJsonHoldsNoSecretAndKeepsTheOtherOptions() throws IOException {
    Path run = dir.resolve("run");
    assertThat(train(run.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);

    String json = Files.readString(run.resolve("run.json"));
    assertThat(json).doesNotContain(SECRET).contains("-Dother=visible");
    RunProvenance provenance = RunProvenanceParser.fromJson(json);
    assertThat(provenance.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(provenance.spark().properties())
        .containsEntry("spark.executorEnv.DB_PASS", Redaction.REDACTED)
        .containsEntry("spark.hadoop.mycompany.vault", Redaction.REDACTED)
        .containsEntry(Redaction.REGEX_KEY, "(?i)mycompany[.]vault");
    // Spark puts its Java 17 module options first; the user's follow, only the secret one redacted
    assertThat(provenance.spark().properties().get("spark.driver.extraJavaOptions"))
        .endsWith(" -Dx.password=" + Redaction.REDACTED + " -Dother=visible");
    assertThat(provenance.datasetLocation()).isEqualTo(data.toString());
  }

  @Test
  void anErrorNamingAUriWithCredentialsIsPrintedWithoutThem() {
    Path run = dir.resolve("run-bad-init");
    String init = "file://alice:" + SECRET + "@localhost/models/model_0.zip";
    int code = train(run.toString(), "--init-model", init);

    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString())
        .startsWith("sparkrl: ")
        .contains("file://" + Redaction.REDACTED + "@localhost/models/model_0.zip")
        .doesNotContain(SECRET)
        .doesNotContain("alice");
    assertThat(run).doesNotExist();
  }
}

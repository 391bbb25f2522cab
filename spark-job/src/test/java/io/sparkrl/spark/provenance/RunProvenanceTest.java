package io.sparkrl.spark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.SparkrlVersion;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.AwrParamsFile;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunProvenanceTest {

  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant END = Instant.parse("2024-05-01T10:42:13.500Z");

  @TempDir Path dir;

  private static RunProvenance started() {
    AwrParamsFile params =
        new AwrParamsFile(AwrConfig.builder().gamma(0.9).nEpochs(3).build(), new int[] {4}, 2);
    SparkSettings spark =
        SparkSettings.of(
            "app-1",
            "local[2]",
            Map.of(
                "spark.executor.memory", "4g",
                "spark.hadoop.fs.s3a.secret.key", "hunter2",
                "spark.ssl.keyStorePassword", "pw",
                "spark.authenticate.secret", "s3cr3t",
                "spark.yarn.access.TOKEN.renewal", "t",
                "hadoop.only.key", "dropped"));
    return RunProvenance.started(
        "hdfs://nn/data/cartpole",
        "sha256:abc",
        params,
        Map.of("workers", "2", "seed", "0"),
        spark,
        START);
  }

  @Test
  void sparkSettingsKeepSparkKeysAndRedactSecrets() {
    SparkSettings spark = started().spark();
    assertThat(spark.properties())
        .containsOnlyKeys(
            "spark.executor.memory",
            "spark.hadoop.fs.s3a.secret.key",
            "spark.ssl.keyStorePassword",
            "spark.authenticate.secret",
            "spark.yarn.access.TOKEN.renewal");
    assertThat(spark.properties().get("spark.executor.memory")).isEqualTo("4g");
    assertThat(spark.properties().values()).doesNotContain("hunter2", "pw", "s3cr3t", "t");
    assertThat(spark.properties().values()).filteredOn(SparkSettings.REDACTED::equals).hasSize(4);
  }

  @Test
  void everyStateRoundTripsThroughJson() {
    RunProvenance running = started();
    RunProvenance validated =
        running
            .withValidation(new ValidationCounts(90, 10, 1800, 210, "hdfs://nn/out/q"))
            .withTasks(Map.of("0", 12L, "1", 9L));
    RunProvenance succeeded = validated.succeeded(END);
    RunProvenance failed = validated.failed(END, new IllegalStateException("executor lost"));
    for (RunProvenance p : List.of(running, validated, succeeded, failed)) {
      assertThat(RunProvenanceParser.fromJson(RunProvenanceParser.toJson(p))).isEqualTo(p);
    }
    assertThat(running.sparkrlVersion()).isEqualTo(SparkrlVersion.sparkrl());
    assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException: executor lost");
    String json = RunProvenanceParser.toJson(succeeded);
    assertThat(json)
        .contains("\"start_time\" : \"2024-05-01T10:00:00Z\"")
        .contains("\"end_time\" : \"2024-05-01T10:42:13.500Z\"")
        .contains("\"status\" : \"SUCCEEDED\"")
        .contains("\"observation_shape\" : [ 4 ]")
        .contains("\"gamma\" : 0.9")
        .contains("\"rows_rejected\" : 210")
        .doesNotContain("hunter2");
  }

  @Test
  void thePartitionsUsedRoundTripAndAreRedactedAndARecordWithoutThemReadsEmpty() throws Exception {
    List<PartitionUsed> used =
        List.of(
            new PartitionUsed(
                "date=2026-12-01", "s3a://key:hunter2@bucket/events/date=2026-12-01", "sha256:1"),
            new PartitionUsed("date=2026-12-02", "hdfs://nn/events/date=2026-12-02", "sha256:2"));
    RunProvenance p = started().withPartitions(used).succeeded(END).withTasks(Map.of("0", 1L));

    assertThat(p.partitions()).isEqualTo(used);
    assertThat(RunProvenanceParser.fromJson(RunProvenanceParser.toJson(p))).isEqualTo(p);
    String redacted = RunProvenanceParser.toJson(p.redacted(Redaction.sparkDefault()));
    assertThat(redacted)
        .contains("\"name\" : \"date=2026-12-01\"")
        .contains("hdfs://nn/events/date=2026-12-02")
        .contains("bucket/events/date=2026-12-01")
        .doesNotContain("hunter2");
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(RunProvenanceParser.toJson(started()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("dataset")).remove("partitions");
    String withoutPartitions = tree.toString();
    assertThat(withoutPartitions).doesNotContain("partitions");
    assertThat(RunProvenanceParser.fromJson(withoutPartitions).partitions()).isEmpty();
  }

  @Test
  void inconsistentRecordsAreRefused() {
    RunProvenance p = started();
    assertThatThrownBy(() -> p.succeeded(START.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before start_time");
    assertThatThrownBy(
            () ->
                new RunProvenance(
                    "v",
                    "d",
                    "f",
                    p.params(),
                    Map.of(),
                    p.spark(),
                    START,
                    END,
                    RunStatus.RUNNING,
                    null,
                    null,
                    Map.of(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end_time");
    String newer =
        RunProvenanceParser.toJson(p).replace("\"format_version\" : 1", "\"format_version\" : 2");
    assertThatThrownBy(() -> RunProvenanceParser.fromJson(newer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format_version 2");
    String noDataset = RunProvenanceParser.toJson(p).replace("\"dataset\"", "\"dataset_\"");
    assertThatThrownBy(() -> RunProvenanceParser.fromJson(noDataset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'dataset' is missing");
  }

  @Test
  void finishWritesRunJsonAndThenSuccessOnlyForSuccess() throws IOException {
    List<String> writes = new ArrayList<>();
    RunStorage recording = new RecordingStorage(writes);
    String run = dir.resolve("ok").toString();
    recording.mkdirs(run);
    RunRecorder recorder = new RunRecorder(recording, run);
    recorder.write(started());
    assertThat(recorder.isComplete()).isFalse();
    assertThatThrownBy(() -> recorder.finish(started()))
        .isInstanceOf(IllegalArgumentException.class);
    RunProvenance done = started().succeeded(END);
    recorder.finish(done);
    assertThat(writes).containsExactly("run.json", "run.json", "_SUCCESS");
    assertThat(recorder.read()).isEqualTo(done);
    assertThat(recorder.isComplete()).isTrue();
    try (InputStream in = recording.open(recording.resolve(run, RunRecorder.SUCCESS_FILE))) {
      assertThat(in.readAllBytes()).isEmpty();
    }

    String failedRun = dir.resolve("failed").toString();
    recording.mkdirs(failedRun);
    RunRecorder failed = new RunRecorder(recording, failedRun);
    failed.finish(started().failed(END, new IOException("boom")));
    assertThat(recording.list(failedRun)).containsExactly("run.json");
    assertThat(failed.read().status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.read().error()).contains("boom");
  }

  @Test
  void theRecorderWritesEveryFieldThroughTheRedaction() throws IOException {
    Map<String, String> conf =
        Map.of(
            "spark.executorEnv.DB_PASS",
            "hunter2",
            Redaction.REGEX_KEY,
            "(?i)mycompany[.]vault",
            "spark.hadoop.mycompany.vault",
            "vault-value",
            "spark.master",
            "k8s://https://admin:kube-pw@kube:6443");
    Redaction redaction = Redaction.of(conf);
    RunProvenance p =
        new RunProvenance(
                SparkrlVersion.sparkrl(),
                "s3a://AKIAEXAMPLE:s3/cr3t@bucket/data/cartpole",
                "sha256:abc",
                started().params(),
                Map.of("quarantine_dir", "hdfs://bob:pw1@nn/q", "workers", "2"),
                new SparkSettings("app-1", "k8s://https://admin:kube-pw@kube:6443", conf),
                START,
                null,
                RunStatus.RUNNING,
                null,
                null,
                Map.of(),
                List.of())
            .withValidation(new ValidationCounts(1, 0, 10, 0, "hdfs://bob:pw1@nn/q"))
            .failed(END, new IOException("connect with hunter2 to hdfs://bob:pw1@nn/q?token=t1"));
    String run = dir.resolve("redacted").toString();
    new LocalRunStorage().mkdirs(run);
    RunRecorder recorder = new RunRecorder(new LocalRunStorage(), run, redaction);
    recorder.finish(p);

    String json = java.nio.file.Files.readString(Path.of(run, RunRecorder.RUN_FILE));
    assertThat(json)
        .doesNotContain("hunter2", "vault-value", "kube-pw", "s3/cr3t", "pw1", "t1", "bob")
        .contains("s3a://" + Redaction.REDACTED + "@bucket/data/cartpole")
        .contains("hdfs://" + Redaction.REDACTED + "@nn/q")
        .contains("k8s://https://" + Redaction.REDACTED + "@kube:6443");
    RunProvenance read = recorder.read();
    assertThat(read.error())
        .isEqualTo(
            "java.io.IOException: connect with "
                + Redaction.REDACTED
                + " to hdfs://"
                + Redaction.REDACTED
                + "@nn/q?token="
                + Redaction.REDACTED);
    assertThat(read.jobSettings()).containsEntry("workers", "2");
    assertThat(read.spark().properties())
        .containsEntry("spark.executorEnv.DB_PASS", Redaction.REDACTED)
        .containsEntry("spark.hadoop.mycompany.vault", Redaction.REDACTED);
  }

  /** Local storage that records the file names written atomically, in order. */
  private static final class RecordingStorage implements RunStorage {
    private final LocalRunStorage local = new LocalRunStorage();
    private final List<String> writes;

    RecordingStorage(List<String> writes) {
      this.writes = writes;
    }

    @Override
    public String resolve(String directory, String name) {
      return local.resolve(directory, name);
    }

    @Override
    public boolean exists(String path) {
      return local.exists(path);
    }

    @Override
    public void mkdirs(String path) throws IOException {
      local.mkdirs(path);
    }

    @Override
    public List<String> list(String directory) throws IOException {
      return local.list(directory);
    }

    @Override
    public OutputStream create(String path) throws IOException {
      return local.create(path);
    }

    @Override
    public InputStream open(String path) throws IOException {
      return local.open(path);
    }

    @Override
    public void appendText(String path, String text) throws IOException {
      local.appendText(path, text);
    }

    @Override
    public void writeAtomically(String path, ContentWriter content) throws IOException {
      writes.add(Path.of(path).getFileName().toString());
      local.writeAtomically(path, content);
    }
  }
}

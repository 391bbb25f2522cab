package io.sparkrl.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.datasets.env.CartPoleFixtures;
import io.sparkrl.spark.S3TestServer;
import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.config.TrainSettingsResolver;
import io.sparkrl.spark.provenance.RunRecorder;
import io.sparkrl.spark.provenance.RunStatus;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole training run reading its dataset from {@code s3a://} and writing its run directory there,
 * against a real S3-protocol server ({@link S3TestServer}). The S3A settings, credentials included,
 * reach Spark as {@code spark.hadoop.*}, as on a cluster; so this class starts its own session,
 * with {@link SparkTestBase}'s settings, after the server.
 */
class TrainOnS3Test {

  private static final String RUN_PREFIX = "runs/cartpole/";
  private static final long POLL_MILLIS = 150;

  /** The zip end-of-central-directory signature: a model archive that ends with it is complete. */
  private static final int ZIP_END_SIGNATURE = 0x06054b50;

  private static final int ZIP_END_LENGTH = 22;

  @TempDir static Path base;
  private static S3TestServer s3;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    s3 = S3TestServer.start(base);
    SparkSession.Builder builder = SparkTestBase.localSession();
    s3.hadoopSettings().forEach((k, v) -> builder.config("spark.hadoop." + k, v));
    spark = builder.getOrCreate();
  }

  @AfterAll
  static void stop() {
    SparkTestBase.stopSession(spark);
    spark = null;
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }

  @Test
  void trainsFromS3IntoS3WithSuccessLastAndNoTemporaryObjects() throws Exception {
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    String data = s3.uri("data/cartpole");
    Path local = CartPoleFixtures.writeParquet(base.resolve("data"), 40);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(data);
    Configuration conf = storage.configuration();
    FileSystem fs = target.getFileSystem(conf);
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
    assertThat(storage.list(data)).contains("dataset.json");

    String out = s3.uri(RUN_PREFIX.substring(0, RUN_PREFIX.length() - 1));
    RunWatcher watcher = new RunWatcher(storage, out);
    CompletableFuture<Void> watching = CompletableFuture.runAsync(watcher);
    TrainResult result;
    try {
      result = train(data, out);
    } finally {
      watcher.stop.set(true);
    }
    watching.get(60, TimeUnit.SECONDS);

    assertThat(result.runDirectory()).isEqualTo(out);
    Set<String> finalNames = new TreeSet<>(storage.list(out));
    assertThat(finalNames)
        .contains(
            "params.json",
            "run.json",
            "critic_loss.csv",
            "model_0.zip",
            "model_1.zip",
            "policy.onnx",
            "policy.zip",
            "report.html",
            RunRecorder.SUCCESS_FILE);

    // _SUCCESS appeared only once everything else was there, and was written last
    assertThat(watcher.firstListingWithSuccess.get()).isEqualTo(finalNames);
    List<S3ObjectSummary> objects = s3.objects(RUN_PREFIX);
    S3ObjectSummary success =
        objects.stream()
            .filter(o -> o.getKey().equals(RUN_PREFIX + RunRecorder.SUCCESS_FILE))
            .findFirst()
            .orElseThrow();
    for (S3ObjectSummary o : objects) {
      assertThat(o.getLastModified()).as(o.getKey()).isBeforeOrEqualTo(success.getLastModified());
    }

    // no temporary object at any time, none left, no upload left open
    assertThat(watcher.temporaryNamesSeen).isEmpty();
    assertThat(s3.objects(""))
        .extracting(S3ObjectSummary::getKey)
        .noneMatch(k -> RunStorage.isTemporaryName(k.substring(k.lastIndexOf('/') + 1)));
    assertThat(s3.uploadsInProgress()).isEmpty();

    // every model archive a reader saw during the run was complete
    assertThat(watcher.archivesChecked).containsKeys("model_0.zip", "model_1.zip");
    assertThat(watcher.archivesChecked.values()).allMatch(entries -> entries > 0);

    RunRecorder recorder = new RunRecorder(storage, out);
    assertThat(recorder.isComplete()).isTrue();
    assertThat(recorder.read().status()).isEqualTo(RunStatus.SUCCEEDED);

    String runJson = text(storage, storage.resolve(out, RunRecorder.RUN_FILE));
    assertThat(runJson)
        .contains("spark.hadoop.fs.s3a.secret.key")
        .contains(data)
        .doesNotContain(s3.secretKey());

    List<String> critic = text(storage, storage.resolve(out, "critic_loss.csv")).lines().toList();
    assertThat(critic).hasSize(2);
    assertThat(critic.get(0)).startsWith("0,");
    assertThat(critic.get(1)).startsWith("1,");
    assertThat(critic).allMatch(line -> line.split(",", -1).length == 3);

    DiscreteAWR model =
        DiscreteAWR.fromJsonText(
            text(storage, storage.resolve(out, "params.json")), GpuSetting.DISABLED);
    model.loadModel(storage, storage.resolve(out, "model_1.zip"));
    float[] obs = {0.02f, 0.1f, -0.03f, -0.2f};
    assertThat(model.predictValue(obs, 1)[0]).isFinite();
    assertThat(model.predict(obs, 1)[0]).isBetween(0, 1);
  }

  private static TrainResult train(String data, String out) throws IOException {
    var settings =
        TrainSettingsResolver.resolve(
            """
            {"encoder_params": {"hidden_units": [16]}, "batch_size": 256,
             "batch_size_per_update": 64, "n_critic_updates": 4, "n_actor_updates": 4,
             "n_epochs": 2, "job": {"workers": 2, "worker_batch_size": 32}}
            """,
            "test config",
            Map.of(),
            List.of());
    return new TrainJob(
            spark,
            settings,
            new TrainRequest(data, out, false, null),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run();
  }

  private static String text(RunStorage storage, String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A reader polling the run directory while the job runs: the names it lists, the first listing
   * that holds {@code _SUCCESS}, and each model archive, read in full and checked complete.
   */
  private static final class RunWatcher implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Set<String>> firstListingWithSuccess = new AtomicReference<>();
    final Set<String> temporaryNamesSeen = new TreeSet<>();
    final Map<String, Integer> archivesChecked = new HashMap<>();
    private final HadoopRunStorage storage;
    private final String out;

    RunWatcher(HadoopRunStorage storage, String out) {
      this.storage = storage;
      this.out = out;
    }

    @Override
    public void run() {
      while (true) {
        // the entries of the run directory, as RunStorage.list names them (runs/ holds
        // TensorBoard's)
        Set<String> names = new TreeSet<>();
        for (S3ObjectSummary o : s3.objects(RUN_PREFIX)) {
          String relative = o.getKey().substring(RUN_PREFIX.length());
          if (RunStorage.isTemporaryName(relative.substring(relative.lastIndexOf('/') + 1))) {
            temporaryNamesSeen.add(relative);
          }
          int slash = relative.indexOf('/');
          names.add(slash < 0 ? relative : relative.substring(0, slash));
        }
        names.remove("");
        for (String name : names) {
          if (name.endsWith(".zip") && !archivesChecked.containsKey(name)) {
            archivesChecked.put(name, completeZipEntries(name));
          }
        }
        if (names.contains(RunRecorder.SUCCESS_FILE)) {
          firstListingWithSuccess.compareAndSet(null, names);
        }
        if (stop.get()) {
          return;
        }
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** The number of entries of a complete archive; fails on a truncated one. */
    private int completeZipEntries(String name) {
      byte[] bytes;
      try (InputStream in = storage.open(storage.resolve(out, name))) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThat(bytes.length).as(name).isGreaterThan(ZIP_END_LENGTH);
      int signature =
          ByteBuffer.wrap(bytes, bytes.length - ZIP_END_LENGTH, 4)
              .order(ByteOrder.LITTLE_ENDIAN)
              .getInt();
      assertThat(signature)
          .as("%s ends with its central directory", name)
          .isEqualTo(ZIP_END_SIGNATURE);
      int entries = 0;
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          zip.transferTo(java.io.OutputStream.nullOutputStream());
          entries++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(name + " is not a complete zip", e);
      }
      return entries;
    }
  }
}

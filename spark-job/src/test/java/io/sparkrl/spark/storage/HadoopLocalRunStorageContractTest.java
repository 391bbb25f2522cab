package io.sparkrl.spark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.spark.SparkSerializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on {@link HadoopRunStorage} with {@code file://} URIs. */
class HadoopLocalRunStorageContractTest extends RunStorageContractTest {

  @TempDir Path dir;

  private final HadoopRunStorage storage = new HadoopRunStorage(new Configuration());

  @Override
  RunStorage storage() {
    return storage;
  }

  @Override
  String root() {
    return dir.toUri().toString();
  }

  @Test
  void writesNoChecksumSideFiles() throws IOException {
    String file = storage.resolve(root(), "critic_loss.csv");
    storage.appendText(file, "0,1,2.000000\n");
    storage.writeTextAtomically(storage.resolve(root(), "params.json"), "{}");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("critic_loss.csv", "params.json");
    }
  }

  @Test
  void anAppendCaughtHalfWayLeavesTheOldContentWhole() throws Exception {
    HadoopRunStorage paused =
        new HadoopRunStorage(
            Map.of(
                FaultPoint.PAUSE_BEFORE_PUBLISH, "critic_loss.csv",
                FaultPoint.PAUSE_SECONDS, "2"));
    String file = storage.resolve(root(), "critic_loss.csv");
    storage.appendText(file, "0,10,1.000000\n");
    Thread append =
        new Thread(
            () -> {
              try {
                paused.appendText(file, "1,20,0.500000\n");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    append.start();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (temporaries().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // the new content is complete in its temporary file, the published one still the old whole
    assertThat(temporaries()).hasSize(1);
    assertThat(Files.readString(dir.resolve("critic_loss.csv"))).isEqualTo("0,10,1.000000\n");
    append.join();
    assertThat(Files.readString(dir.resolve("critic_loss.csv")))
        .isEqualTo("0,10,1.000000\n1,20,0.500000\n");
    assertThat(temporaries()).isEmpty();
  }

  private java.util.List<String> temporaries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(RunStorage::isTemporaryName)
          .toList();
    }
  }

  @Test
  void resolveBuildsUrisAndRefusesSeparators() {
    assertThat(storage.resolve("hdfs://nn:8020/runs/a", "model_0.zip"))
        .isEqualTo("hdfs://nn:8020/runs/a/model_0.zip");
    assertThat(storage.resolve("s3a://bucket/runs/", "run.json"))
        .isEqualTo("s3a://bucket/runs/run.json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.resolve("/runs", "a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/b");
  }

  @Test
  void survivesJavaAndKryoSerialisationWithItsConfiguration() throws IOException {
    HadoopRunStorage original =
        new HadoopRunStorage(Map.of("fs.defaultFS", "file:///", "sparkrl.test.marker", "42"));
    for (SerializerInstance s : SparkSerializers.BOTH) {
      HadoopRunStorage copy = SparkSerializers.roundTrip(s, original);
      assertThat(copy.configuration().get("sparkrl.test.marker")).isEqualTo("42");
      String file = copy.resolve(root(), "from-" + s.getClass().getSimpleName());
      copy.writeTextAtomically(file, "written by the copy");
      assertThat(read(original, file)).isEqualTo("written by the copy");
    }
  }
}

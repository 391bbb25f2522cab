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

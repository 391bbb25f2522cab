package io.sparkrl.spark.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.spark.SparkTestBase;
import io.sparkrl.spark.SparkrlKryoRegistrator;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provenance and storage taken from a live session, and storage used inside executor tasks. */
class SparkSessionProvenanceTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void sparkSettingsComeFromTheSession() {
    SparkSettings settings = SparkSettings.of(spark);
    assertThat(settings.appId()).isEqualTo(spark.sparkContext().applicationId()).isNotBlank();
    assertThat(settings.master()).isEqualTo("local[2]");
    assertThat(settings.properties())
        .containsEntry("spark.kryo.registrator", SparkrlKryoRegistrator.REGISTRATORS)
        .containsEntry("spark.master", "local[2]");
    assertThat(settings.properties().keySet()).allMatch(k -> k.startsWith("spark."));
  }

  @Test
  void executorsWriteThroughTheSessionsStorage() throws IOException {
    HadoopRunStorage storage = HadoopRunStorage.forSpark(spark);
    String root = dir.toUri().toString();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> written =
        jsc.parallelize(List.of(0, 1, 2, 3), 2)
            .map(
                i -> {
                  String file = storage.resolve(root, "part-" + i + ".txt");
                  storage.writeTextAtomically(file, "task " + i);
                  return file;
                })
            .collect();
    assertThat(written).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(Files.readString(dir.resolve("part-" + i + ".txt"))).isEqualTo("task " + i);
    }
    assertThat(storage.list(root))
        .containsExactly("part-0.txt", "part-1.txt", "part-2.txt", "part-3.txt");
  }
}

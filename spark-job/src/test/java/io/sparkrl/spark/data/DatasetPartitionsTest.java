package io.sparkrl.spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders {@code --data} and {@code --data-window} select, without Spark. */
class DatasetPartitionsTest {

  @TempDir Path tmp;

  private final Configuration conf = new Configuration();

  private Path folderWithPart(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve("part-00000.parquet"), new byte[] {1});
    return dir;
  }

  @Test
  void keyValueSubfoldersArePartitionsInNameOrderAndOtherFoldersAreIgnored() throws Exception {
    Path parent = tmp.resolve("events");
    folderWithPart(parent.resolve("date=2026-12-02"));
    folderWithPart(parent.resolve("date=2026-11-30"));
    folderWithPart(parent.resolve("date=2026-12-01"));
    Files.createDirectories(parent.resolve("_temporary"));
    Files.createDirectories(parent.resolve("notes"));
    Files.writeString(parent.resolve("_SUCCESS"), "");

    List<DatasetPart> parts = DatasetPartitions.resolve(List.of(parent.toString()), null, conf);

    assertThat(parts)
        .extracting(DatasetPart::name)
        .containsExactly("date=2026-11-30", "date=2026-12-01", "date=2026-12-02");
    assertThat(parts.get(0).uri()).isEqualTo(parent.resolve("date=2026-11-30").toString());
    assertThat(parts).allMatch(DatasetPart::isPartition);
    assertThat(parts.get(0).parent()).isEqualTo(parent.toString());
  }

  @Test
  void theWindowKeepsTheLastPartitionsOfEachParentAndPlainFoldersWhole() throws Exception {
    Path a = tmp.resolve("a");
    for (String d : List.of("day=01", "day=02", "day=03", "day=04")) {
      folderWithPart(a.resolve(d));
    }
    Path b = tmp.resolve("b");
    folderWithPart(b.resolve("day=09"));
    Path plain = folderWithPart(tmp.resolve("plain"));

    List<DatasetPart> parts =
        DatasetPartitions.resolve(List.of(plain.toString(), a.toString(), b.toString()), 2, conf);

    assertThat(parts)
        .extracting(DatasetPart::name)
        .containsExactly(plain.toString(), "day=03", "day=04", "day=09");
    assertThat(parts.get(0).isPartition()).isFalse();
    assertThat(DatasetPartitions.resolve(List.of(a.toString()), 10, conf)).hasSize(4);
    assertThat(DatasetPartitions.resolve(List.of(a.toString()), 1, conf))
        .extracting(DatasetPart::name)
        .containsExactly("day=04");
  }

  @Test
  void aFolderWithPartFilesIsOneDatasetEvenWithKeyValueSubfolders() throws Exception {
    Path dir = folderWithPart(tmp.resolve("data"));
    folderWithPart(dir.resolve("date=2026-12-01"));

    assertThat(DatasetPartitions.resolve(List.of(dir.toString()), null, conf))
        .containsExactly(new DatasetPart(dir.toString(), dir.toString(), null));
  }

  @Test
  void aWindowWithoutPartitionsOrBelowOneIsRefused() throws Exception {
    Path plain = folderWithPart(tmp.resolve("plain"));

    assertThatThrownBy(() -> DatasetPartitions.resolve(List.of(plain.toString()), 2, conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--data-window 2")
        .hasMessageContaining("key=value partitions");
    assertThatThrownBy(() -> DatasetPartitions.resolve(List.of(plain.toString()), 0, conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}

package io.sparkrl.spark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFingerprintTest {

  @TempDir Path dataset;

  private String fingerprint() throws IOException {
    return DatasetFingerprint.of(dataset.toString(), new Configuration());
  }

  private void writeDataset() throws IOException {
    Files.write(dataset.resolve("part-00000.parquet"), new byte[10]);
    Files.write(dataset.resolve("part-00001.parquet"), new byte[7]);
    Files.createDirectories(dataset.resolve("sub"));
    Files.write(dataset.resolve("sub/part-00002.parquet"), new byte[3]);
    Files.writeString(dataset.resolve("dataset.json"), "{\"episodes\":5}");
    Files.writeString(dataset.resolve("_SUCCESS"), "");
    Files.writeString(dataset.resolve(".part-00000.parquet.crc"), "crc");
    Files.createDirectories(dataset.resolve("_temporary"));
    Files.write(dataset.resolve("_temporary/part-9.parquet"), new byte[99]);
  }

  @Test
  void hashesSortedNamesAndSizesThenTheManifest() throws IOException, NoSuchAlgorithmException {
    writeDataset();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    String listing =
        "dataset.json\t14\n"
            + "part-00000.parquet\t10\n"
            + "part-00001.parquet\t7\n"
            + "sub/part-00002.parquet\t3\n";
    sha.update(listing.getBytes(StandardCharsets.UTF_8));
    sha.update("{\"episodes\":5}".getBytes(StandardCharsets.UTF_8));
    assertThat(fingerprint()).isEqualTo("sha256:" + HexFormat.of().formatHex(sha.digest()));
  }

  @Test
  void ignoresTimesAndHiddenFilesButSeesDataAndManifestChanges() throws IOException {
    writeDataset();
    String original = fingerprint();
    Files.setLastModifiedTime(
        dataset.resolve("part-00000.parquet"),
        java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
    Files.writeString(dataset.resolve("_committed_1"), "x");
    assertThat(fingerprint()).isEqualTo(original);

    Files.writeString(dataset.resolve("dataset.json"), "{\"episodes\":6}");
    String manifestChanged = fingerprint();
    assertThat(manifestChanged).isNotEqualTo(original);

    Files.write(dataset.resolve("part-00001.parquet"), new byte[8]);
    assertThat(fingerprint()).isNotEqualTo(manifestChanged);
  }

  @Test
  void aMissingDatasetIsNamed() {
    String missing = dataset.resolve("nope").toString();
    assertThatThrownBy(() -> DatasetFingerprint.of(missing, new Configuration()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing);
  }
}

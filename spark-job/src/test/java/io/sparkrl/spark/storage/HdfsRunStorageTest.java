package io.sparkrl.spark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.spark.provenance.DatasetFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on a real HDFS ({@link MiniDFSCluster}, one NameNode and one DataNode,
 * started once for the class), plus DiscreteAWR's model archive and the dataset fingerprint through
 * HDFS.
 */
class HdfsRunStorageTest extends RunStorageContractTest {

  @TempDir static Path clusterBase;

  private static MiniDFSCluster cluster;
  private static HadoopRunStorage hdfs;
  private static String uri;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, clusterBase.toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    uri = cluster.getFileSystem().getUri().toString();
    hdfs = new HadoopRunStorage(cluster.getConfiguration(0));
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
      cluster = null;
    }
  }

  @Override
  RunStorage storage() {
    return hdfs;
  }

  @Override
  String root() throws IOException {
    String dir = uri + "/runs/" + UUID.randomUUID();
    hdfs.mkdirs(dir);
    return dir;
  }

  @Test
  void pathsAreHdfsUris() throws IOException {
    String dir = root();
    assertThat(dir).startsWith("hdfs://");
    String file = hdfs.resolve(dir, "params.json");
    hdfs.writeTextAtomically(file, "{}");
    assertThat(cluster.getFileSystem().exists(new org.apache.hadoop.fs.Path(file))).isTrue();
  }

  @Test
  void discreteAwrModelArchiveRoundTripsThroughHdfs() throws IOException {
    AwrConfig config = AwrConfig.builder().encoderParams(smallEncoder()).build();
    DiscreteAWR saved = new DiscreteAWR(config, 1);
    saved.createImpl(new int[] {4}, 2);
    DiscreteAWR loaded = new DiscreteAWR(config, 2);
    loaded.createImpl(new int[] {4}, 2);
    float[] observations = {0.1f, -0.2f, 0.3f, 0.05f, -1f, 0.5f, 0.2f, 0.7f};
    assertThat(loaded.predictValue(observations, 2))
        .isNotEqualTo(saved.predictValue(observations, 2));

    String dir = root();
    String model = hdfs.resolve(dir, ModelCheckpoints.fileName(0));
    saved.saveModel(hdfs, model);
    assertThat(hdfs.list(dir)).containsExactly("model_0.zip");
    try (InputStream in = hdfs.open(model)) {
      loaded.loadModel(in, model);
    }
    assertThat(loaded.predictValue(observations, 2))
        .containsExactly(saved.predictValue(observations, 2));
    assertThat(loaded.predict(observations, 2)).containsExactly(saved.predict(observations, 2));
  }

  @Test
  void aCopiedDatasetKeepsItsFingerprint(@TempDir Path local) throws IOException {
    Files.write(local.resolve("part-00000.parquet"), new byte[] {1, 2, 3, 4});
    Files.writeString(local.resolve("dataset.json"), "{\"episodes\": 3}");
    Files.writeString(local.resolve("_SUCCESS"), "");
    String copy = root();
    RunStorage files = new LocalRunStorage();
    for (String name : files.list(local.toString())) {
      try (InputStream in = files.open(local.resolve(name).toString())) {
        byte[] bytes = in.readAllBytes();
        hdfs.writeAtomically(hdfs.resolve(copy, name), bytes);
      }
    }
    assertThat(hdfs.list(copy))
        .isEqualTo(List.of("_SUCCESS", "dataset.json", "part-00000.parquet"));
    assertThat(DatasetFingerprint.of(copy, hdfs.configuration()))
        .isEqualTo(DatasetFingerprint.of(local.toUri().toString(), new Configuration()));
  }

  private static io.sparkrl.core.config.EncoderParams smallEncoder() {
    return new io.sparkrl.core.config.EncoderParams(List.of(16, 16), null, null, null);
  }
}

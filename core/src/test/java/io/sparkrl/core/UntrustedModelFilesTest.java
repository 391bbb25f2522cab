package io.sparkrl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.CartPoleFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model archives from untrusted sources: the old DL4J-based format still loads bit for bit without
 * DL4J's reader, no entry is ever Java-deserialized, and forged counts, sizes and shapes end in
 * {@link IllegalArgumentException}s that name the file before anything large is allocated.
 */
class UntrustedModelFilesTest {

  private static List<Episode> episodes;
  private static DiscreteAWR trained;
  private static int[][] batch;

  /** Records whether Java deserialization ran its {@code readObject}. */
  static final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean fired;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      fired = true;
    }
  }

  @BeforeAll
  static void train() throws Exception {
    episodes = CartPoleFixtures.episodes(600, 11);
    trained = new DiscreteAWR(DiscreteAWRTestData.tiny().nEpochs(1).build(), 3);
    trained.fit(episodes, DiscreteAWRSurfaceTest.quiet(Files.createTempDirectory("sparkrl-awr")));
    batch = new int[64][];
    for (int i = 0; i < 64; i++) {
      batch[i] = new int[] {i % episodes.size(), i / episodes.size()};
    }
  }

  @BeforeEach
  void disarm() {
    Tripwire.fired = false;
  }

  @Test
  void aFormatOneArchiveStillLoadsBitForBit() throws Exception {
    DiscreteAWR copy = fresh();
    copy.loadModel(new ByteArrayInputStream(formatOne(null)), "old.zip");
    assertSameModel(copy);
  }

  @Test
  void aJavaSerializedEntryIsNeverDeserialized() throws Exception {
    byte[] tripwire = serialized(new Tripwire());
    byte[] actorFile = withEntry(dl4jFile(trained.impl().actor()), "preprocessor.bin", tripwire);
    // the fixture is armed: DL4J's own reader runs the entry's readObject
    assertThatThrownBy(
        () -> ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(actorFile), true));
    assertThat(Tripwire.fired).isTrue();
    Tripwire.fired = false;

    DiscreteAWR copy = fresh();
    copy.loadModel(new ByteArrayInputStream(formatOne(actorFile)), "old.zip");
    assertThat(Tripwire.fired).isFalse();
    assertSameModel(copy);

    Map<String, byte[]> current = entries(saved());
    current.put("preprocessor.bin", tripwire);
    DiscreteAWR other = fresh();
    other.loadModel(new ByteArrayInputStream(zip(current)), "new.zip");
    assertThat(Tripwire.fired).isFalse();
    assertSameModel(other);
  }

  @Test
  void forgedCountsAreRefusedBeforeTheValuesAreRead() throws Exception {
    Map<String, byte[]> entries = entries(saved());
    byte[] actor = entries.get(ModelArchive.ACTOR).clone();
    ByteBuffer.wrap(actor).putLong(4 * Integer.BYTES, 2_000_000_000L);
    entries.put(ModelArchive.ACTOR, actor);
    assertThatThrownBy(() -> fresh().loadModel(new ByteArrayInputStream(zip(entries)), "f.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f.zip actor")
        .hasMessageContaining("2000000000 parameters");

    Map<String, byte[]> truncated = entries(saved());
    byte[] critic = truncated.get(ModelArchive.CRITIC);
    truncated.put(ModelArchive.CRITIC, java.util.Arrays.copyOf(critic, critic.length - 8));
    assertThatThrownBy(() -> fresh().loadModel(new ByteArrayInputStream(zip(truncated)), "t.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.zip critic")
        .hasMessageContaining("bytes where its counts need");
  }

  @Test
  void anEntryLargerThanItsNetworkStopsAtTheLimit() throws Exception {
    MultiLayerNetwork actor = trained.impl().actor();
    long limit = NetworkWeights.entryBytes(actor);
    Map<String, byte[]> entries = entries(saved());
    entries.put(ModelArchive.ACTOR, new byte[(int) limit + 1]);
    assertThatThrownBy(() -> fresh().loadModel(new ByteArrayInputStream(zip(entries)), "b.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b.zip: entry actor.bin holds more than " + limit + " bytes");
  }

  @Test
  void anUnusedEntryIsSkippedOnlyUpToItsLimit() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries(saved()).entrySet()) {
        put(zip, e.getKey(), e.getValue());
      }
      // 64 MiB + 1 of zeros deflate to about 64 KiB: a small file that inflates past the limit
      zip.putNextEntry(new ZipEntry("padding.bin"));
      writeZeros(zip, io.sparkrl.core.storage.BoundedZipReader.MAX_SKIPPED_BYTES + 1);
      zip.closeEntry();
    }
    assertThat(bytes.size()).isLessThan(1 << 20);
    assertThatThrownBy(
            () -> fresh().loadModel(new ByteArrayInputStream(bytes.toByteArray()), "bomb.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bomb.zip: entry padding.bin holds more than");
  }

  @Test
  void aForgedShapeIsRefusedBeforeAnyNetworkIsBuilt() throws Exception {
    ObjectNode params = (ObjectNode) ModelArchive.MAPPER.readTree(trained.paramsJson());
    params.putArray("observation_shape").add(100_000_000);
    params.remove("scaler");
    assertThatThrownBy(
            () ->
                DiscreteAWR.fromJsonText(
                    params.toString(), io.sparkrl.core.config.GpuSetting.DISABLED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("observation shape [100000000]")
        .hasMessageContaining("more than the " + io.sparkrl.core.nn.AwrNetworks.MAX_PARAMETERS);
  }

  @Test
  void aFormatOneArrayOfTheWrongLengthIsRefused() throws Exception {
    DiscreteAWR bigger = new DiscreteAWR(DiscreteAWRTestData.tiny().scaler(null).build(), 3);
    bigger.createImpl(new int[] {5}, 2);
    byte[] foreignActor = dl4jFile(bigger.impl().actor());
    assertThatThrownBy(
            () -> fresh().loadModel(new ByteArrayInputStream(formatOne(foreignActor)), "o.zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("o.zip actor coefficients.bin")
        .hasMessageContaining("this model's network needs " + trained.impl().actor().numParams());
  }

  private void assertSameModel(DiscreteAWR copy) {
    float[] obs = DiscreteAWRTestData.observations(episodes, 100);
    assertThat(copy.predict(obs, 100)).isEqualTo(trained.predict(obs, 100));
    assertThat(copy.predictValue(obs, 100)).isEqualTo(trained.predictValue(obs, 100));
    assertThat(copy.impl().critic().getUpdater().getStateViewArray())
        .isEqualTo(trained.impl().critic().getUpdater().getStateViewArray());
    assertThat(copy.impl().actor().getLayerWiseConfigurations().getIterationCount())
        .isEqualTo(trained.impl().actor().getLayerWiseConfigurations().getIterationCount());
    DiscreteAWR reference = fresh();
    try {
      reference.loadModel(new ByteArrayInputStream(saved()), "reference");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    UpdateResult expected = reference.update(episodes, batch);
    assertThat(copy.update(episodes, batch)).isEqualTo(expected);
  }

  private static DiscreteAWR fresh() {
    DiscreteAWR copy = new DiscreteAWR(trained.config(), 3);
    copy.createImpl(new int[] {4}, 2);
    return copy;
  }

  private static byte[] saved() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    trained.saveModel(out);
    return out.toByteArray();
  }

  /** An archive as sparkrl wrote it before format 2, optionally with another actor file. */
  private static byte[] formatOne(byte[] actorFile) throws IOException {
    ObjectNode metadata = ModelArchive.MAPPER.createObjectNode();
    metadata.put("format_version", 1);
    metadata.put("sparkrl_version", SparkrlVersion.sparkrl());
    metadata.put("created", "2026-11-01T00:00:00Z");
    metadata.set("params", ModelArchive.MAPPER.readTree(trained.paramsJson()));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", ModelArchive.MAPPER.writeValueAsBytes(metadata));
    entries.put("actor.zip", actorFile != null ? actorFile : dl4jFile(trained.impl().actor()));
    entries.put("critic.zip", dl4jFile(trained.impl().critic()));
    return zip(entries);
  }

  private static byte[] dl4jFile(MultiLayerNetwork net) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, out, true);
    return out.toByteArray();
  }

  private static byte[] withEntry(byte[] zip, String name, byte[] bytes) throws IOException {
    Map<String, byte[]> entries = entries(zip);
    entries.put(name, bytes);
    return zip(entries);
  }

  private static byte[] serialized(Object o) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(o);
    }
    return out.toByteArray();
  }

  private static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        put(zip, e.getKey(), e.getValue());
      }
    }
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static void writeZeros(OutputStream out, long count) throws IOException {
    byte[] zeros = new byte[1 << 16];
    for (long left = count; left > 0; left -= zeros.length) {
      out.write(zeros, 0, (int) Math.min(left, zeros.length));
    }
  }
}

package io.sparkrl.spark.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.spark.registry.RegistryDecision.Action;
import io.sparkrl.spark.registry.RegistryDecision.Verdict;
import io.sparkrl.spark.storage.HadoopRunStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers racing for one model on the local file system and on a real HDFS ({@link
 * MiniDFSCluster}): at each start signal exactly the writers that got the lock publish, every other
 * one fails with {@link RegistryLockedException}, and the registry ends consistent: versions 1..n
 * for the n publishes, one history line each, the champion the last one.
 */
class ModelRegistryContentionTest {

  private static final int WRITERS = 6;
  private static final int ROUNDS = 3;

  private static Path base;
  private static MiniDFSCluster hdfs;
  private static HadoopRunStorage storage;

  @BeforeAll
  static void start() throws IOException {
    base = Files.createTempDirectory("registry-contention");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    storage = new HadoopRunStorage(hdfs.getConfiguration(0));
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  private static String registryRoot(String fs) throws IOException {
    String id = UUID.randomUUID().toString();
    return fs.equals("hdfs")
        ? hdfs.getFileSystem().getUri() + "/registry-" + id
        : base.resolve("registry-" + id).toUri().toString();
  }

  private static String run(String tag) throws IOException {
    Path dir = Files.createDirectories(base.resolve("run-" + tag));
    Files.writeString(dir.resolve("model_1.zip"), "model " + tag);
    Files.writeString(dir.resolve("policy.onnx"), "onnx " + tag);
    Files.writeString(dir.resolve("params.json"), "{}");
    Files.writeString(dir.resolve("run.json"), "{}");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    return dir.toUri().toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "hdfs"})
  void racingWritersEitherPublishOrFailLockedAndTheRegistryStaysConsistent(String fs)
      throws Exception {
    ModelRegistry registry = ModelRegistry.on(storage, registryRoot(fs));
    List<String> runs = new ArrayList<>();
    for (int w = 0; w < WRITERS * ROUNDS; w++) {
      runs.add(run(UUID.randomUUID().toString()));
    }
    List<String> published = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier go = new CyclicBarrier(WRITERS);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          String key = "round" + round + "-writer" + w;
          String runDir = runs.get(round * WRITERS + w);
          Callable<String> writer =
              () -> {
                go.await();
                try {
                  registry.publish("m", runDir, "{}", Verdict.promote(key), key);
                  return key;
                } catch (RegistryLockedException e) {
                  assertThat(e).hasMessageContaining("registry m: another");
                  return null;
                }
              };
          outcomes.add(pool.submit(writer));
        }
        int won = 0;
        for (Future<String> f : outcomes) {
          String key = f.get();
          if (key != null) {
            published.add(key);
            won++;
          }
        }
        assertThat(won).as("round %d: writers that published", round).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }

    List<RegistryVersion> versions = registry.versions("m");
    assertThat(versions).extracting(RegistryVersion::version).hasSize(published.size());
    for (int i = 0; i < versions.size(); i++) {
      assertThat(versions.get(i).version()).isEqualTo(i + 1);
    }
    List<RegistryDecision> history = registry.history("m");
    assertThat(history).extracting(RegistryDecision::action).containsOnly(Action.PUBLISH);
    assertThat(history)
        .extracting(RegistryDecision::version)
        .containsExactlyElementsOf(versions.stream().map(RegistryVersion::version).toList());
    assertThat(registry.champion("m").orElseThrow().version()).isEqualTo(published.size());
    for (String key : published) {
      assertThat(registry.findByKey("m", key)).as("the version of %s", key).isPresent();
    }
    assertThat(storage.exists(storage.resolve(storage.resolve(registry.root(), "m"), "_LOCK")))
        .as("the lock is released")
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "hdfs"})
  void aHeldLockRefusesEveryWriterAndChangesNothing(String fs) throws Exception {
    ModelRegistry registry = ModelRegistry.on(storage, registryRoot(fs));
    registry.publish("m", run("first-" + fs), "{}", Verdict.promote("first"), "k0");
    String modelDir = storage.resolve(registry.root(), "m");
    try (RegistryLock held = RegistryLock.acquire(registry.storage(), modelDir, "m", "publish")) {
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<Boolean>> refused = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          String runDir = run("refused-" + fs + "-" + w);
          String key = "k" + (w + 1);
          refused.add(
              pool.submit(
                  () -> {
                    try {
                      registry.publish("m", runDir, "{}", Verdict.promote(key), key);
                      return false;
                    } catch (RegistryLockedException e) {
                      return e.getMessage().contains("publish holds");
                    }
                  }));
        }
        for (Future<Boolean> f : refused) {
          assertThat(f.get()).as("refused, naming the holder").isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(registry.versions("m")).extracting(RegistryVersion::version).containsExactly(1);
    assertThat(registry.history("m")).hasSize(1);
    assertThat(registry.breakLock("m")).as("released on close").isEmpty();
  }
}

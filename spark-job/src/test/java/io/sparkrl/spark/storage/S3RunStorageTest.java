package io.sparkrl.spark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.spark.S3TestServer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on {@code s3a://} against a real S3-protocol server ({@link S3TestServer},
 * started once for the class), plus what an object store without atomic rename must still
 * guarantee: a published object keeps its old content until a new one is complete, a failed upload
 * leaves nothing behind, and a rewritten metric CSV is never torn.
 */
class S3RunStorageTest extends RunStorageContractTest {

  private static final int MIB = 1 << 20;

  @TempDir static Path serverDir;

  private static S3TestServer s3;
  private static HadoopRunStorage storage;

  @BeforeAll
  static void startS3() throws IOException {
    s3 = S3TestServer.start(serverDir);
    Configuration conf = new Configuration();
    s3.hadoopSettings().forEach(conf::set);
    storage = new HadoopRunStorage(conf);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }

  @Override
  RunStorage storage() {
    return storage;
  }

  @Override
  String root() throws IOException {
    String dir = s3.uri("runs/" + UUID.randomUUID());
    storage.mkdirs(dir);
    return dir;
  }

  private static String key(String uri) {
    return uri.substring(("s3a://" + s3.bucket() + "/").length());
  }

  /**
   * On S3 an atomic write is an upload straight to the name: nothing is listed until it is done.
   */
  @Override
  @Test
  void temporaryFilesAreHiddenSiblings() throws IOException {
    String dir = root();
    String file = storage.resolve(dir, "report.html");
    List<String> seen = new ArrayList<>();
    storage.writeAtomically(
        file,
        out -> {
          out.write(1);
          out.flush();
          seen.addAll(storage.list(dir));
          seen.add(String.valueOf(storage.exists(file)));
        });
    assertThat(seen).containsExactly("false");
    assertThat(storage.list(dir)).containsExactly("report.html");
    assertThat(s3.objects(key(dir) + "/")).extracting(S3ObjectSummary::getKey).hasSize(1);
  }

  @Test
  void pathsAreS3aObjects() throws IOException {
    String dir = root();
    assertThat(dir).startsWith("s3a://" + s3.bucket() + "/");
    String file = storage.resolve(dir, "params.json");
    storage.writeTextAtomically(file, "{}");
    assertThat(s3.objects(key(dir) + "/"))
        .extracting(S3ObjectSummary::getKey, S3ObjectSummary::getSize)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(key(file), 2L));
  }

  @Test
  void aReaderSeesTheOldObjectWhileALargeOverwriteIsUploading() throws Exception {
    String dir = root();
    String file = storage.resolve(dir, "model_0.zip");
    byte[] old = bytes(1, MIB);
    byte[] next = bytes(2, 12 * MIB);
    storage.writeAtomically(file, old);

    // A second reader polls all along: the name never goes missing, and once the new content is
    // seen the old never returns (0 = old, 1 = new).
    AtomicBoolean done = new AtomicBoolean();
    List<Integer> versions = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> poller =
        CompletableFuture.runAsync(
            () -> {
              while (!done.get()) {
                byte[] got;
                try {
                  got = readBytes(file);
                } catch (RemoteFileChangedException replacedWhileOpening) {
                  continue;
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                assertThat(Arrays.equals(got, old) || Arrays.equals(got, next))
                    .as("a read of %s bytes is neither the old nor the new object", got.length)
                    .isTrue();
                versions.add(Arrays.equals(got, old) ? 0 : 1);
              }
            });
    CountDownLatch halfWritten = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                storage.writeAtomically(
                    file,
                    out -> {
                      out.write(next, 0, 8 * MIB);
                      halfWritten.countDown();
                      await(resume);
                      out.write(next, 8 * MIB, next.length - 8 * MIB);
                    });
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      assertThat(halfWritten.await(60, TimeUnit.SECONDS)).isTrue();
      // the first 5 MiB part is on the server: the upload has begun
      awaitUploads(List.of(key(file)));
      assertThat(readBytes(file)).isEqualTo(old);
      assertThat(storage.list(dir)).containsExactly("model_0.zip");
    } finally {
      resume.countDown();
    }
    writer.get(60, TimeUnit.SECONDS);
    // a few reads after the new object is complete
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!versions.contains(1) && !poller.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    done.set(true);
    poller.get(60, TimeUnit.SECONDS);
    assertThat(versions).contains(0, 1).isSorted();
    assertThat(readBytes(file)).isEqualTo(next);
    assertThat(s3.uploadsInProgress()).isEmpty();
    assertThat(storage.list(dir)).containsExactly("model_0.zip");
  }

  @Test
  void aFailedLargeUploadKeepsTheOldObjectAndAbortsTheUpload() throws IOException {
    String dir = root();
    String file = storage.resolve(dir, "model_1.zip");
    byte[] old = bytes(3, 100_000);
    storage.writeAtomically(file, old);
    byte[] partial = bytes(4, 11 * MIB);
    assertThatThrownBy(
            () ->
                storage.writeAtomically(
                    file,
                    out -> {
                      out.write(partial);
                      out.flush();
                      throw new IOException("serialiser broke after 11 MiB");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("serialiser broke");
    assertThat(readBytes(file)).isEqualTo(old);
    assertThat(s3.uploadsInProgress()).isEmpty();
    assertThat(storage.list(dir)).containsExactly("model_1.zip");
  }

  @Test
  void appendedCsvIsAlwaysWholeLinesForAConcurrentReader() throws Exception {
    String csv = storage.resolve(root(), "critic_loss.csv");
    int lines = 40;
    List<String> expected = new ArrayList<>();
    for (int epoch = 0; epoch < lines; epoch++) {
      expected.add(
          epoch
              + ","
              + (epoch + 1) * 100
              + ","
              + String.format(Locale.ROOT, "%.6f", 1.0 / (epoch + 1)));
    }
    storage.appendText(csv, expected.get(0) + "\n");
    AtomicBoolean done = new AtomicBoolean();
    List<Integer> seenLineCounts = new ArrayList<>();
    int[] changedUnderneath = {0};
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              while (!done.get()) {
                String text;
                try {
                  text = read(storage, csv);
                } catch (RemoteFileChangedException replacedWhileOpening) {
                  // S3A noticed a new version between open and read: no content was returned
                  changedUnderneath[0]++;
                  continue;
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                assertThat(text).endsWith("\n");
                List<String> got = Arrays.asList(text.split("\n", -1)).subList(0, count(text));
                assertThat(got).isEqualTo(expected.subList(0, got.size()));
                seenLineCounts.add(got.size());
              }
            });
    for (int epoch = 1; epoch < lines; epoch++) {
      storage.appendText(csv, expected.get(epoch) + "\n");
    }
    done.set(true);
    reader.get(60, TimeUnit.SECONDS);
    assertThat(read(storage, csv)).isEqualTo(String.join("\n", expected) + "\n");
    // every read returned a prefix of whole lines, never shrinking
    assertThat(seenLineCounts).isNotEmpty().isSorted();
  }

  @Test
  void openOfAMissingObjectIsFileNotFound() throws IOException {
    String missing = storage.resolve(root(), "run.json");
    assertThatThrownBy(() -> storage.open(missing).close())
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("run.json");
  }

  private static int count(String text) {
    return (int) text.chars().filter(c -> c == '\n').count();
  }

  private static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] readBytes(String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      return in.readAllBytes();
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IOException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void awaitUploads(List<String> keys) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!s3.uploadsInProgress().equals(keys) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(s3.uploadsInProgress()).isEqualTo(keys);
  }
}

package io.sparkrl.spark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.storage.RunStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The {@link RunStorage} contract, run against every implementation: each subclass supplies a
 * storage and a fresh, empty directory per test.
 */
abstract class RunStorageContractTest {

  /** The storage under test. */
  abstract RunStorage storage();

  /** A new, empty, existing directory for one test. */
  abstract String root() throws IOException;

  static String read(RunStorage storage, String path) throws IOException {
    try (InputStream in = storage.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void createWritesANewFileAndRefusesAnExistingOne() throws IOException {
    RunStorage s = storage();
    String file = s.resolve(root(), "a.txt");
    try (OutputStream out = s.create(file)) {
      out.write("abc".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(s.exists(file)).isTrue();
    assertThat(read(s, file)).isEqualTo("abc");
    assertThatThrownBy(() -> s.create(file).close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("a.txt");
    assertThat(read(s, file)).isEqualTo("abc");
  }

  @Test
  void createAndAtomicWritesNeedTheParentDirectory() throws IOException {
    RunStorage s = storage();
    String missing = s.resolve(s.resolve(root(), "missing"), "x.txt");
    assertThatThrownBy(() -> s.create(missing).close()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> s.writeTextAtomically(missing, "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing");
    assertThat(s.exists(s.resolve(root(), "missing"))).isFalse();
  }

  @Test
  void listGivesSortedNamesAndFailsOnMissingOrFile() throws IOException {
    RunStorage s = storage();
    String dir = root();
    s.writeTextAtomically(s.resolve(dir, "b.csv"), "1");
    s.writeTextAtomically(s.resolve(dir, "a.json"), "2");
    s.mkdirs(s.resolve(dir, "c"));
    assertThat(s.list(dir)).containsExactly("a.json", "b.csv", "c");
    String missing = s.resolve(dir, "nope");
    assertThatThrownBy(() -> s.list(missing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> s.list(s.resolve(dir, "b.csv")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("b.csv");
  }

  @Test
  void mkdirsCreatesParentsIsIdempotentAndRefusesAFileInTheWay() throws IOException {
    RunStorage s = storage();
    String dir = root();
    String nested = s.resolve(s.resolve(dir, "x"), "y");
    assertThat(s.exists(nested)).isFalse();
    s.mkdirs(nested);
    s.mkdirs(nested);
    assertThat(s.exists(nested)).isTrue();
    assertThat(s.list(s.resolve(dir, "x"))).containsExactly("y");
    String file = s.resolve(dir, "f");
    s.writeTextAtomically(file, "x");
    assertThatThrownBy(() -> s.mkdirs(file)).isInstanceOf(IOException.class);
  }

  @Test
  void openOfAMissingFileNamesIt() throws IOException {
    RunStorage s = storage();
    String missing = s.resolve(root(), "absent.zip");
    assertThatThrownBy(() -> s.open(missing).close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("absent.zip");
  }

  @Test
  void appendTextCreatesThenAppends() throws IOException {
    RunStorage s = storage();
    String csv = s.resolve(root(), "critic_loss.csv");
    s.appendText(csv, "0,10,1.000000\n");
    s.appendText(csv, "1,20,0.500000\n");
    assertThat(read(s, csv)).isEqualTo("0,10,1.000000\n1,20,0.500000\n");
  }

  @Test
  void writeAtomicallyCreatesAndReplacesLeavingNoTemporaryFile() throws IOException {
    RunStorage s = storage();
    String dir = root();
    String file = s.resolve(dir, "model_0.zip");
    s.writeTextAtomically(file, "first version");
    assertThat(read(s, file)).isEqualTo("first version");
    s.writeAtomically(file, new byte[] {1, 2, 3});
    try (InputStream in = s.open(file)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
    assertThat(s.list(dir)).containsExactly("model_0.zip");
  }

  @Test
  void aFailedWriteLeavesNeitherTemporaryFileNorTarget() throws IOException {
    RunStorage s = storage();
    String dir = root();
    String file = s.resolve(dir, "params.json");
    assertThatThrownBy(
            () ->
                s.writeAtomically(
                    file,
                    out -> {
                      out.write("{\"half".getBytes(StandardCharsets.UTF_8));
                      out.flush();
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("disk full");
    assertThat(s.list(dir)).isEmpty();
    assertThat(s.exists(file)).isFalse();
  }

  @Test
  void aFailedOverwriteKeepsTheOldFile() throws IOException {
    RunStorage s = storage();
    String dir = root();
    String file = s.resolve(dir, "run.json");
    s.writeTextAtomically(file, "old");
    assertThatThrownBy(
            () ->
                s.writeAtomically(
                    file,
                    out -> {
                      out.write("new but partial".getBytes(StandardCharsets.UTF_8));
                      throw new IllegalStateException("serialiser broke");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(read(s, file)).isEqualTo("old");
    assertThat(s.list(dir)).containsExactly("run.json");
  }

  @Test
  void temporaryFilesAreHiddenSiblings() throws IOException {
    RunStorage s = storage();
    String dir = root();
    String file = s.resolve(dir, "report.html");
    String[] seen = new String[1];
    s.writeAtomically(
        file,
        out -> {
          out.write(1);
          out.flush();
          seen[0] = String.join(",", s.list(dir));
        });
    assertThat(seen[0]).startsWith(".report.html.").endsWith(".tmp");
    assertThat(s.list(dir)).containsExactly("report.html");
  }
}

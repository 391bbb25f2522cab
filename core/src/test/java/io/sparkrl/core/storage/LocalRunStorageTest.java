package io.sparkrl.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunStorageTest {

  @TempDir Path tmp;
  private final RunStorage storage = new LocalRunStorage();

  @Test
  void mkdirsExistsAndSortedList() throws IOException {
    String dir = storage.resolve(tmp.toString(), "a");
    assertThat(storage.exists(dir)).isFalse();
    storage.mkdirs(storage.resolve(dir, "b"));
    storage.mkdirs(dir);
    storage.appendText(storage.resolve(dir, "z.csv"), "1\n");
    storage.appendText(storage.resolve(dir, "c.csv"), "1\n");
    assertThat(storage.exists(dir)).isTrue();
    assertThat(storage.list(dir)).containsExactly("b", "c.csv", "z.csv");
  }

  @Test
  void listOfMissingDirectoryNamesIt() {
    String missing = storage.resolve(tmp.toString(), "missing");
    assertThatThrownBy(() -> storage.list(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing);
  }

  @Test
  void appendCreatesThenAppends() throws IOException {
    String f = storage.resolve(tmp.toString(), "m.csv");
    storage.appendText(f, "0,1,0.5\n");
    storage.appendText(f, "1,2,0.25\n");
    assertThat(Files.readString(Path.of(f))).isEqualTo("0,1,0.5\n1,2,0.25\n");
  }

  @Test
  void createRefusesExistingFileAndOpenReadsBack() throws IOException {
    String f = storage.resolve(tmp.toString(), "events");
    try (OutputStream out = storage.create(f)) {
      out.write(new byte[] {1, 2, 3});
    }
    assertThatThrownBy(() -> storage.create(f)).isInstanceOf(FileAlreadyExistsException.class);
    try (InputStream in = storage.open(f)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void atomicWriteReplacesAndLeavesNoTemporaryFile() throws IOException {
    String f = storage.resolve(tmp.toString(), "params.json");
    storage.writeTextAtomically(f, "{\"a\":1}");
    storage.writeTextAtomically(f, "{\"a\":2}");
    assertThat(Files.readString(Path.of(f))).isEqualTo("{\"a\":2}");
    assertThat(storage.list(tmp.toString())).containsExactly("params.json");
  }

  @Test
  void failedAtomicWriteKeepsOldFileAndRemovesTemporary() throws IOException {
    String f = storage.resolve(tmp.toString(), "model_0.zip");
    storage.writeAtomically(f, "old".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                storage.writeAtomically(
                    f,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(Path.of(f))).isEqualTo("old");
    assertThat(storage.list(tmp.toString())).containsExactly("model_0.zip");
  }

  @Test
  void temporaryNameIsHiddenAndInTheSameDirectory() {
    assertThat(RunStorage.temporaryName("model_3.zip", "u1")).isEqualTo(".model_3.zip.u1.tmp");
  }
}

package io.sparkrl.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.logging.TensorBoardEventReader.EventFile;
import io.sparkrl.core.logging.TensorBoardEventReader.ScalarEvent;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.RunStorage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardEventWriterTest {

  @TempDir Path tmp;
  private final RunStorage storage = new LocalRunStorage();

  /** Advances a quarter second per reading. */
  private static final class TickingClock extends Clock {
    private Instant now = Instant.ofEpochSecond(1_612_345_678L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      Instant t = now;
      now = now.plus(Duration.ofMillis(250));
      return t;
    }
  }

  private String writeSample() throws IOException {
    try (TensorBoardEventWriter w =
        TensorBoardEventWriter.open(
            storage, tmp.resolve("runs/exp").toString(), new TickingClock(), "host-1")) {
      w.addMetric("critic_loss", 0.5, 0);
      w.addMetric("actor_loss", -1.25, 0);
      w.flush();
      w.addMetric("critic_loss", 0.1, 1);
      w.addScalar("custom", Double.POSITIVE_INFINITY, 5_000_000_000L);
      return w.path();
    }
  }

  @Test
  void fileIsNamedLikeTensorboardX() throws IOException {
    String path = writeSample();
    assertThat(Path.of(path).getFileName().toString())
        .isEqualTo("events.out.tfevents.1612345678.host-1");
    assertThat(TensorBoardEventWriter.fileName(Instant.ofEpochSecond(42), "h"))
        .isEqualTo("events.out.tfevents.0000000042.h");
  }

  @Test
  void readsBackExactly() throws IOException {
    EventFile file = TensorBoardEventReader.read(storage, writeSample());
    assertThat(file.fileVersion()).isEqualTo("brain.Event:2");
    // Clock readings: file name (t0), file_version event (t0 + 0.25 s), then one per scalar.
    double t0 = 1_612_345_678.0;
    assertThat(file.scalars())
        .containsExactly(
            new ScalarEvent(t0 + 0.5, 0, "metrics/critic_loss", 0.5f),
            new ScalarEvent(t0 + 0.75, 0, "metrics/actor_loss", -1.25f),
            new ScalarEvent(t0 + 1.0, 1, "metrics/critic_loss", 0.1f),
            new ScalarEvent(t0 + 1.25, 5_000_000_000L, "custom", Float.POSITIVE_INFINITY));
  }

  @Test
  void firstRecordIsTheFileVersionEventEncodedByHand() throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of(writeSample()));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] version = "brain.Event:2".getBytes(StandardCharsets.US_ASCII);
    // Event{ wall_time: tag (1<<3)|1 = 0x09, 8-byte double; file_version: tag (3<<3)|2 = 0x1a, len
    // }
    ByteBuffer expected = ByteBuffer.allocate(1 + 8 + 2 + version.length);
    expected.order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x09).putDouble(1_612_345_678.25);
    expected.put((byte) 0x1a).put((byte) version.length).put(version);
    int length = (int) b.getLong(0);
    assertThat(Arrays.copyOfRange(bytes, 12, 12 + length)).isEqualTo(expected.array());
  }

  @Test
  void corruptedDataByteIsRejectedWithFileAndOffset() throws IOException {
    String path = writeSample();
    byte[] bytes = Files.readAllBytes(Path.of(path));
    int firstLength = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    long second = TfRecordFraming.framedLength(firstLength);
    bytes[(int) second + 12 + 3] ^= 0x01;
    Files.write(Path.of(path), bytes);
    assertThatThrownBy(() -> TensorBoardEventReader.read(storage, path))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(path)
        .hasMessageContaining("offset " + second)
        .hasMessageContaining("data CRC mismatch");
  }

  @Test
  void corruptedLengthIsRejected() throws IOException {
    String path = writeSample();
    byte[] bytes = Files.readAllBytes(Path.of(path));
    bytes[0] ^= 0x40;
    Files.write(Path.of(path), bytes);
    assertThatThrownBy(() -> TensorBoardEventReader.read(storage, path))
        .hasMessageContaining(path)
        .hasMessageContaining("offset 0")
        .hasMessageContaining("length CRC mismatch");
  }

  @Test
  void truncatedFileIsRejected() throws IOException {
    String path = writeSample();
    byte[] bytes = Files.readAllBytes(Path.of(path));
    Files.write(Path.of(path), Arrays.copyOf(bytes, bytes.length - 2));
    assertThatThrownBy(() -> TensorBoardEventReader.read(storage, path))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining(path)
        .hasMessageContaining("truncated");
  }

  @Test
  void secondWriterInTheSameSecondDoesNotOverwrite() throws IOException {
    Clock fixed = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    String dir = tmp.toString();
    try (TensorBoardEventWriter first = TensorBoardEventWriter.open(storage, dir, fixed, "h")) {
      assertThatThrownBy(() -> TensorBoardEventWriter.open(storage, dir, fixed, "h"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(first.path());
    }
  }

  @Test
  void closedWriterRefusesScalars() throws IOException {
    TensorBoardEventWriter w =
        TensorBoardEventWriter.open(storage, tmp.toString(), new TickingClock(), "h");
    w.close();
    w.close();
    assertThatThrownBy(() -> w.addScalar("x", 1, 1)).hasMessageContaining("closed");
    assertThat(TensorBoardEventReader.read(storage, w.path()).scalars()).isEmpty();
  }
}

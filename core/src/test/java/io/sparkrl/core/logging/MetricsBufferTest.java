package io.sparkrl.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.RunStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsBufferTest {

  @TempDir Path tmp;

  @Test
  void commitsMeansToEveryOutputAndEmpties() throws IOException {
    RunStorage storage = new LocalRunStorage();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_600_000_000L), ZoneOffset.UTC);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String eventFile;
    try (TensorBoardEventWriter tb =
            TensorBoardEventWriter.open(storage, tmp.resolve("runs").toString(), clock, "h");
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      eventFile = tb.path();
      MetricsBuffer buffer =
          new MetricsBuffer(new MetricCsvLogger(storage, tmp.toString()), tb, out);
      buffer.add("critic_loss", 1.0);
      buffer.add("actor_loss", -2.0);
      buffer.add("critic_loss", 2.0);
      buffer.add("critic_loss", 4.0);
      assertThat(buffer.pendingNames()).containsExactly("critic_loss", "actor_loss");
      Map<String, Double> e0 = buffer.commit(0, 3);
      assertThat(e0)
          .containsExactly(Map.entry("critic_loss", 7.0 / 3), Map.entry("actor_loss", -2.0));
      assertThat(buffer.pendingNames()).isEmpty();

      buffer.add("critic_loss", 0.5);
      buffer.add("critic_loss", Double.NaN);
      assertThat(buffer.commit(1, 6)).containsExactly(Map.entry("critic_loss", Double.NaN));
      assertThat(buffer.commit(2, 6)).isEmpty();
    }
    assertThat(Files.readString(tmp.resolve("critic_loss.csv")))
        .isEqualTo("0,3,2.333333\n1,6,nan\n");
    assertThat(Files.readString(tmp.resolve("actor_loss.csv"))).isEqualTo("0,3,-2.000000\n");
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "epoch=0 step=3 critic_loss=2.333333",
            "epoch=0 step=3 actor_loss=-2.000000",
            "epoch=1 step=6 critic_loss=nan");
    List<TensorBoardEventReader.ScalarEvent> scalars =
        TensorBoardEventReader.read(storage, eventFile).scalars();
    assertThat(scalars)
        .extracting(TensorBoardEventReader.ScalarEvent::tag)
        .containsExactly("metrics/critic_loss", "metrics/actor_loss", "metrics/critic_loss");
    assertThat(scalars)
        .extracting(TensorBoardEventReader.ScalarEvent::step)
        .containsExactly(0L, 0L, 1L);
    assertThat(scalars.get(0).value()).isEqualTo((float) (7.0 / 3));
    assertThat(scalars.get(2).value()).isNaN();
  }

  @Test
  void outputsCanBeSwitchedOff() throws IOException {
    MetricsBuffer silent = new MetricsBuffer(null, null, null);
    silent.add("weights", 3);
    silent.add("weights", 5);
    assertThat(silent.commit(0, 2)).containsExactly(Map.entry("weights", 4.0));
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }
}

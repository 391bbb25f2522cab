package io.sparkrl.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  @TempDir Path tmp;
  private final RunStorage storage = new LocalRunStorage();

  /** A clock that moves only when the sleeper is called. */
  private static final class SteppedClock extends Clock {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    SteppedClock(Instant start) {
      now = start;
    }

    RunDirectory.Sleeper sleeper() {
      return d -> {
        sleeps.add(d);
        now = now.plus(d);
      };
    }

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
      return now;
    }
  }

  // 2021-03-04T05:06:07Z, digits spelled out independently of the formatter.
  private static final Instant START = Instant.parse("2021-03-04T05:06:07Z");

  @Test
  void timestampedNameUsesTheClocksLocalTime() throws IOException {
    SteppedClock clock = new SteppedClock(START);
    RunDirectory run =
        RunDirectory.create(
            storage, tmp.resolve("logs").toString(), "DiscreteAWR", true, clock, clock.sleeper());
    assertThat(run.experimentName()).isEqualTo("DiscreteAWR_20210304050607");
    assertThat(run.path()).isEqualTo(tmp.resolve("logs/DiscreteAWR_20210304050607").toString());
    assertThat(Files.isDirectory(Path.of(run.path()))).isTrue();
    assertThat(clock.sleeps).isEmpty();

    Clock tokyo = Clock.fixed(START, ZoneId.of("Asia/Tokyo"));
    assertThat(RunDirectory.timestamp(tokyo)).isEqualTo("20210304140607");
  }

  @Test
  void existingTimestampWaitsOneSecondAndRetries() throws IOException {
    String logdir = tmp.toString();
    Files.createDirectories(tmp.resolve("exp_20210304050607"));
    Files.createDirectories(tmp.resolve("exp_20210304050608"));
    SteppedClock clock = new SteppedClock(START);
    RunDirectory run = RunDirectory.create(storage, logdir, "exp", true, clock, clock.sleeper());
    assertThat(run.experimentName()).isEqualTo("exp_20210304050609");
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void stoppedClockGivesUpInsteadOfLoopingForever() throws IOException {
    Files.createDirectories(tmp.resolve("exp_20210304050607"));
    Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
    assertThatThrownBy(
            () -> RunDirectory.create(storage, tmp.toString(), "exp", true, fixed, d -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exp")
        .hasMessageContaining(String.valueOf(RunDirectory.MAX_TIMESTAMP_ATTEMPTS));
  }

  @Test
  void withoutTimestampAnExistingDirectoryIsRejectedByName() throws IOException {
    RunDirectory first = RunDirectory.create(storage, tmp.toString(), "plain", false);
    assertThat(first.experimentName()).isEqualTo("plain");
    assertThatThrownBy(() -> RunDirectory.create(storage, tmp.toString(), "plain", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(tmp.resolve("plain") + " already exists.");
  }

  @Test
  void badExperimentNamesAreRejected() {
    for (String bad : new String[] {null, "", "a/b", "a\\b"}) {
      assertThatThrownBy(() -> RunDirectory.create(storage, tmp.toString(), bad, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("experiment name");
    }
  }

  @Test
  void writesParamsJsonAndNamesTheTensorBoardDirectory() throws IOException {
    RunDirectory run = RunDirectory.create(storage, tmp.toString(), "p", false);
    String written = run.writeParams("{\"gamma\": 0.99}");
    assertThat(written).isEqualTo(tmp.resolve("p/params.json").toString());
    assertThat(Files.readString(Path.of(written))).isEqualTo("{\"gamma\": 0.99}");
    assertThat(storage.list(run.path())).containsExactly(RunDirectory.PARAMS_FILE);
    assertThat(run.tensorBoardDirectory("runs")).isEqualTo(Path.of("runs", "p").toString());
  }
}

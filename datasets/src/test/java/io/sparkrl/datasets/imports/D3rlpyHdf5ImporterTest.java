package io.sparkrl.datasets.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import io.sparkrl.datasets.validation.ValidationRule;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class D3rlpyHdf5ImporterTest {

  @TempDir Path dir;

  /** Terminals at 3, 4 (a single-observation episode) and 7; rows 8 and 9 trail. */
  private static final long[] TERMINALS = {0, 0, 0, 1, 1, 0, 0, 1, 0, 0};

  private static final double[] REWARDS = {9, 1, -0.5, 2, 7, 8, 0.25, 3, 4, 5};

  private static final long[] ACTIONS = {0, 1, 2, 1, 0, 2, 2, 1, 0, 1};

  private static double[][] vectorObservations() {
    double[][] obs = new double[10][];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = new double[] {0.1 * i, -0.2 * i, 1.0 + i};
    }
    return obs;
  }

  private static List<EpisodeRow> importAll(Path file) {
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file)) {
      List<EpisodeRow> rows = new ArrayList<>();
      importer.rows().forEachRemaining(rows::add);
      return rows;
    }
  }

  /** The layout of make_fixture.py: episodes 0 (3 rows) and 2 (2 rows). */
  private static void assertFixtureRows(List<EpisodeRow> rows, String source) {
    assertThat(rows).extracting(EpisodeRow::episodeId).containsExactly("0", "0", "0", "2", "2");
    assertThat(rows).extracting(EpisodeRow::step).containsExactly(0L, 1L, 2L, 0L, 1L);
    assertThat(rows).extracting(EpisodeRow::action).containsExactly(0, 1, 2, 2, 2);
    // row t takes rewards[head + t + 1]: the reward of observation 0 (9.0) and of 4, 5 unused
    assertThat(rows).extracting(EpisodeRow::reward).containsExactly(1f, -0.5f, 2f, 0.25f, 3f);
    assertThat(rows)
        .extracting(EpisodeRow::terminal)
        .containsExactly(false, false, true, false, true);
    assertThat(rows).extracting(EpisodeRow::timeout).containsOnly(false);
    assertThat(rows).extracting(EpisodeRow::source).containsOnly(source);
    assertThat(rows).allMatch(r -> Float.isNaN(r.actionProb()) && r.image() == null);
    int[] fileIndex = {0, 1, 2, 5, 6};
    for (int k = 0; k < rows.size(); k++) {
      int i = fileIndex[k];
      assertThat(rows.get(k).vector())
          .containsExactly((float) (0.1 * i), (float) (-0.2 * i), (float) (1.0 + i));
    }
  }

  @Test
  void readsTheGenuineH5pyFileWithTheBoolEnumFlag() throws URISyntaxException {
    Path file =
        Path.of(Objects.requireNonNull(getClass().getResource("/d3rlpy/discrete_v023.h5")).toURI());
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file)) {
      assertThat(importer.observationShape()).isEqualTo(ObservationShape.vector(3));
      assertThat(importer.report()).isEqualTo(new ImportReport("discrete_v023.h5", 2, 5, 2, 1));
      assertThat(importer.report().hasSkippedData()).isTrue();
      assertThat(importer.report().summary())
          .contains("imported 2 episodes (5 rows)")
          .contains("1 single-observation episode")
          .contains("2 row(s) after the last terminal");
    }
    assertFixtureRows(importAll(file), "discrete_v023.h5");
  }

  @Test
  void readsFloat32ObservationsInt32ActionsAndBitfieldTerminals() {
    float[][] obs = new float[10][];
    double[][] wide = vectorObservations();
    for (int i = 0; i < obs.length; i++) {
      obs[i] = new float[] {(float) wide[i][0], (float) wide[i][1], (float) wide[i][2]};
    }
    int[] actions = new int[ACTIONS.length];
    boolean[] terminals = new boolean[TERMINALS.length];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = (int) ACTIONS[i];
      terminals[i] = TERMINALS[i] != 0;
    }
    Path file = Hdf5Fixture.d3rlpy(obs, actions, REWARDS, terminals).write(dir.resolve("f32.h5"));
    assertFixtureRows(importAll(file), "f32.h5");
  }

  @Test
  void readsInt64ObservationsFloatActionsOfShapeNx1AndFloatTerminals() {
    long[][] obs = new long[10][];
    double[][] actions = new double[10][];
    float[] rewards = new float[10];
    double[] terminals = new double[10];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = new long[] {i, -i, 1 + i};
      actions[i] = new double[] {ACTIONS[i]};
      rewards[i] = (float) REWARDS[i];
      terminals[i] = TERMINALS[i];
    }
    Path file = Hdf5Fixture.d3rlpy(obs, actions, rewards, terminals).write(dir.resolve("i64.h5"));
    List<EpisodeRow> rows = importAll(file);
    assertThat(rows).extracting(EpisodeRow::action).containsExactly(0, 1, 2, 2, 2);
    assertThat(rows).extracting(EpisodeRow::reward).containsExactly(1f, -0.5f, 2f, 0.25f, 3f);
    assertThat(rows.get(3).vector()).containsExactly(5f, -5f, 6f);
  }

  @Test
  void readsUint8ImagesAsBytes() {
    byte[][][][] images = new byte[4][1][2][2];
    for (int i = 0; i < 4; i++) {
      images[i][0] = new byte[][] {{(byte) i, (byte) 200}, {(byte) 255, (byte) (10 * i)}};
    }
    Path file =
        Hdf5Fixture.d3rlpy(
                null, new long[] {1, 0, 1, 0}, new double[] {0, 1, 2, 3}, new long[] {0, 0, 1, 0})
            .putUnsigned(D3rlpyHdf5Importer.OBSERVATIONS, images)
            .write(dir.resolve("u8.h5"));
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file)) {
      assertThat(importer.observationShape()).isEqualTo(ObservationShape.image(1, 2, 2));
      assertThat(importer.report()).isEqualTo(new ImportReport("u8.h5", 1, 2, 1, 0));
    }
    List<EpisodeRow> rows = importAll(file);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).vector()).isNull();
    assertThat(rows.get(1).image()).containsExactly(1, (byte) 200, (byte) 255, 10);
    assertThat(rows).extracting(EpisodeRow::reward).containsExactly(1f, 2f);
  }

  @Test
  void rejectsImageValuesThatAreNotPixelsNamingTheIndex() {
    short[][][][] images = new short[3][1][1][2];
    images[1][0][0][1] = 300;
    Path file =
        Hdf5Fixture.d3rlpy(images, new long[] {0, 0, 0}, new double[3], new long[] {0, 0, 1})
            .write(dir.resolve("bad.h5"));
    assertThatThrownBy(() -> importAll(file))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "bad.h5: dataset observations index [1, 0, 0, 1]: 300 is not a uint8 pixel value (an"
                + " integer in 0..255)");

    double[][][][] fractional = new double[2][1][1][1];
    fractional[0][0][0][0] = 1.5;
    Path other =
        Hdf5Fixture.d3rlpy(fractional, new long[] {0, 0}, new double[2], new long[] {0, 1})
            .write(dir.resolve("frac.h5"));
    assertThatThrownBy(() -> importAll(other))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("index [0, 0, 0, 0]: 1.5 is not a uint8 pixel value");
  }

  @Test
  void refusesContinuousActions() {
    Path flagged =
        Hdf5Fixture.d3rlpy(vectorObservations(), ACTIONS, REWARDS, TERMINALS)
            .put(D3rlpyHdf5Importer.DISCRETE_ACTION, new byte[] {0})
            .write(dir.resolve("continuous.h5"));
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(flagged))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("continuous.h5: dataset discrete_action is false")
        .hasMessageContaining("continuous actions are not supported");

    Path vectors =
        Hdf5Fixture.d3rlpy(vectorObservations(), new double[10][2], REWARDS, TERMINALS)
            .write(dir.resolve("vectors.h5"));
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(vectors))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("dataset actions has shape [10, 2]: continuous action vectors");
  }

  @Test
  void rejectsNonIntegerActionsNamingTheIndex() {
    double[] actions = {0, 1, 2.5, 0, 0, 0, 0, 0, 0, 0};
    Path file =
        Hdf5Fixture.d3rlpy(vectorObservations(), actions, REWARDS, TERMINALS)
            .write(dir.resolve("a.h5"));
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(file))
        .isInstanceOf(ImportException.class)
        .hasMessage("a.h5: dataset actions index 2: 2.5 is not an integer action");
  }

  @Test
  void namesAMissingDatasetAndDisagreeingLengths() {
    Path missing =
        Hdf5Fixture.d3rlpy(vectorObservations(), ACTIONS, REWARDS, TERMINALS)
            .remove(D3rlpyHdf5Importer.TERMINALS)
            .write(dir.resolve("m.h5"));
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(missing))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> {
              assertThat(e.error().rule()).isEqualTo(ValidationRule.MISSING_COLUMN);
              assertThat(e.error().column()).isEqualTo("terminals");
            })
        .hasMessageStartingWith("m.h5: dataset terminals is missing");

    Path shorter =
        Hdf5Fixture.d3rlpy(vectorObservations(), ACTIONS, new double[9], TERMINALS)
            .write(dir.resolve("s.h5"));
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(shorter))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "s.h5: dataset rewards has shape [9], expected [10] to match the 10 observations");
  }

  @Test
  void reportsAllRowsAsTrailingWithoutAnyTerminal() {
    Path file =
        Hdf5Fixture.d3rlpy(vectorObservations(), ACTIONS, REWARDS, new long[10])
            .write(dir.resolve("none.h5"));
    try (D3rlpyHdf5Importer importer = D3rlpyHdf5Importer.open(file)) {
      assertThat(importer.report()).isEqualTo(new ImportReport("none.h5", 0, 0, 10, 0));
      assertThat(importer.rows().hasNext()).isFalse();
    }
  }

  @Test
  void namesUnreadableAndCorruptFiles() throws Exception {
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(dir.resolve("absent.h5")))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> assertThat(e.error().rule()).isEqualTo(ValidationRule.UNREADABLE_PATH))
        .hasMessageContaining("absent.h5");
    Path text = Files.writeString(dir.resolve("text.h5"), "not hdf5 at all");
    assertThatThrownBy(() -> D3rlpyHdf5Importer.open(text))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> assertThat(e.error().rule()).isEqualTo(ValidationRule.CORRUPT_FILE))
        .hasMessageStartingWith("text.h5: not a readable HDF5 file");
  }
}

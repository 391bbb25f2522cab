package io.sparkrl.datasets.validation;

import static io.sparkrl.datasets.validation.TestRows.EXP;
import static io.sparkrl.datasets.validation.TestRows.episode;
import static io.sparkrl.datasets.validation.TestRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.datasets.EndKind;
import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeRulesTest {

  private static final DatasetExpectations IMAGES =
      new DatasetExpectations(ObservationShape.image(1, 2, 3), 2);

  private static List<String> messages(List<ValidationError> errors) {
    return errors.stream().map(ValidationError::toString).toList();
  }

  private static ValidationError only(List<ValidationError> errors, ValidationRule rule) {
    assertThat(errors).extracting(ValidationError::rule).containsExactly(rule);
    return errors.get(0);
  }

  @Test
  void validRowsAndEpisodesHaveNoErrors() {
    for (EpisodeRow r : episode("17", 4, EndKind.TERMINAL)) {
      assertThat(EpisodeRules.checkRow(r, EXP)).isEmpty();
    }
    assertThat(EpisodeRules.checkEpisode(episode("17", 4, EndKind.TERMINAL))).isEmpty();
    assertThat(EpisodeRules.checkEpisode(episode("17", 4, EndKind.TIMEOUT))).isEmpty();
    byte[] image = new byte[6];
    assertThat(EpisodeRules.checkRow(TestRows.withObservation(row("1", 0), null, image), IMAGES))
        .isEmpty();
    assertThat(EpisodeRules.checkRow(TestRows.withProb(row("1", 0), 1f), EXP)).isEmpty();
  }

  @Test
  void actionOutOfRange() {
    ValidationError e =
        only(
            EpisodeRules.checkRow(TestRows.withAction(row("17", 4), 5), EXP),
            ValidationRule.ACTION_OUT_OF_RANGE);
    assertThat(e.toString())
        .isEqualTo("part-00003.parquet, episode 17, step 4: action 5 is outside [0, 2)");
    assertThat(e.column()).isEqualTo(EpisodeColumns.ACTION);
    assertThat(e.step()).isEqualTo(4L);
    assertThat(messages(EpisodeRules.checkRow(TestRows.withAction(row("17", 4), -1), EXP)))
        .containsExactly("part-00003.parquet, episode 17, step 4: action -1 is outside [0, 2)");
  }

  @Test
  void nonFiniteObservation() {
    EpisodeRow one = TestRows.withObservation(row("17", 2), new float[] {1f, Float.NaN}, null);
    ValidationError e =
        only(EpisodeRules.checkRow(one, EXP), ValidationRule.NON_FINITE_OBSERVATION);
    assertThat(e.toString())
        .isEqualTo("part-00003.parquet, episode 17, step 2: observation[1] is NaN");
    assertThat(e.column()).isEqualTo(EpisodeColumns.OBSERVATION);
    EpisodeRow two =
        TestRows.withObservation(
            row("17", 2), new float[] {Float.NEGATIVE_INFINITY, Float.NaN}, null);
    assertThat(messages(EpisodeRules.checkRow(two, EXP)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 2: observation[0] is -Infinity"
                + " (2 non-finite values)");
  }

  @Test
  void nonFiniteReward() {
    ValidationError e =
        only(
            EpisodeRules.checkRow(TestRows.withReward(row("17", 3), Float.POSITIVE_INFINITY), EXP),
            ValidationRule.NON_FINITE_REWARD);
    assertThat(e.toString())
        .isEqualTo("part-00003.parquet, episode 17, step 3: reward is Infinity");
    assertThat(e.column()).isEqualTo(EpisodeColumns.REWARD);
  }

  @Test
  void actionProbOutOfRange() {
    for (float p : new float[] {0f, -0.5f, 1.5f, Float.POSITIVE_INFINITY}) {
      ValidationError e =
          only(
              EpisodeRules.checkRow(TestRows.withProb(row("17", 1), p), EXP),
              ValidationRule.ACTION_PROB_OUT_OF_RANGE);
      assertThat(e.toString())
          .isEqualTo(
              "part-00003.parquet, episode 17, step 1: action_prob " + p + " is outside (0, 1]");
      assertThat(e.column()).isEqualTo(EpisodeColumns.ACTION_PROB);
    }
  }

  @Test
  void observationShapeMismatches() {
    EpisodeRow shortVector = TestRows.withObservation(row("17", 0), new float[] {1f, 2f, 3f}, null);
    assertThat(messages(EpisodeRules.checkRow(shortVector, EXP)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 0: observation has 3 values, expected 2 for shape [2]");
    EpisodeRow imageForVector = TestRows.withObservation(row("17", 0), null, new byte[2]);
    assertThat(messages(EpisodeRules.checkRow(imageForVector, EXP)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 0: observation is a uint8 image of 2 bytes,"
                + " expected a float vector of shape [2]");
    EpisodeRow vectorForImage = row("17", 0);
    assertThat(messages(EpisodeRules.checkRow(vectorForImage, IMAGES)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 0: observation is a float vector of 2 values,"
                + " expected a uint8 image of shape [1, 2, 3]");
    EpisodeRow smallImage = TestRows.withObservation(row("17", 0), null, new byte[5]);
    ValidationError e =
        only(EpisodeRules.checkRow(smallImage, IMAGES), ValidationRule.OBSERVATION_SHAPE);
    assertThat(e.toString())
        .isEqualTo(
            "part-00003.parquet, episode 17, step 0: observation has 5 bytes, expected 6 for shape [1, 2, 3]");
    EpisodeRow none = TestRows.withObservation(row("17", 0), null, null);
    assertThat(messages(EpisodeRules.checkRow(none, EXP)))
        .containsExactly("part-00003.parquet, episode 17, step 0: observation is missing");
  }

  @Test
  void duplicateStep() {
    List<EpisodeRow> rows = new ArrayList<>(episode("17", 4, EndKind.TERMINAL));
    rows.add(2, row("17", 2));
    ValidationError e = only(EpisodeRules.checkEpisode(rows), ValidationRule.DUPLICATE_STEP);
    assertThat(e.toString())
        .isEqualTo("part-00003.parquet, episode 17, step 2: step 2 appears in 2 rows");
    assertThat(e.column()).isEqualTo(EpisodeColumns.STEP);
  }

  @Test
  void stepGaps() {
    List<EpisodeRow> rows = new ArrayList<>(episode("17", 8, EndKind.TERMINAL));
    rows.subList(2, 5).clear(); // steps 2, 3, 4
    rows.remove(3); // step 6
    assertThat(messages(EpisodeRules.checkEpisode(rows)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 5: steps 2 to 4 are missing",
            "part-00003.parquet, episode 17, step 7: step 6 is missing");
    assertThat(EpisodeRules.checkEpisode(rows))
        .extracting(ValidationError::rule)
        .containsOnly(ValidationRule.STEP_GAP);
  }

  @Test
  void missingStepZeroIsAGap() {
    List<EpisodeRow> rows = new ArrayList<>(episode("17", 3, EndKind.TIMEOUT));
    rows.remove(0);
    ValidationError e = only(EpisodeRules.checkEpisode(rows), ValidationRule.STEP_GAP);
    assertThat(e.toString()).isEqualTo("part-00003.parquet, episode 17, step 1: step 0 is missing");
  }

  @Test
  void negativeStep() {
    List<EpisodeRow> rows = new ArrayList<>(episode("17", 2, EndKind.TERMINAL));
    rows.add(0, row("17", -1));
    assertThat(messages(EpisodeRules.checkEpisode(rows)))
        .containsExactly(
            "part-00003.parquet, episode 17, step -1: step -1 is negative; steps count 0, 1, 2, …");
  }

  @Test
  void noEndFlag() {
    List<EpisodeRow> rows = episode("17", 3, EndKind.TERMINAL);
    rows.set(2, row("17", 2));
    ValidationError e = only(EpisodeRules.checkEpisode(rows), ValidationRule.NO_END_FLAG);
    assertThat(e.toString())
        .isEqualTo(
            "part-00003.parquet, episode 17, step 2: the last row has neither terminal nor timeout set");
    assertThat(e.column()).isEqualTo(EpisodeColumns.TERMINAL);
  }

  @Test
  void partialActionProbIsReportedNotDropped() {
    List<EpisodeRow> rows = new ArrayList<>(episode("17", 3, EndKind.TERMINAL));
    rows.set(0, TestRows.withProb(rows.get(0), 0.5f));
    rows.set(2, TestRows.withProb(rows.get(2), 0.5f));
    ValidationError e = only(EpisodeRules.checkEpisode(rows), ValidationRule.PARTIAL_ACTION_PROB);
    assertThat(e.toString())
        .isEqualTo(
            "part-00003.parquet, episode 17, step 1: action_prob is missing at steps [1]"
                + " but present on the other rows");
    rows.set(1, TestRows.withProb(rows.get(1), 0.5f));
    assertThat(EpisodeRules.checkEpisode(rows)).isEmpty();
  }

  @Test
  void oneRowCutOffEpisodeHasNoTransition() {
    ValidationError e =
        only(
            EpisodeRules.checkEpisode(episode("17", 1, EndKind.TIMEOUT)),
            ValidationRule.NO_TRANSITION);
    assertThat(e.toString())
        .isEqualTo(
            "part-00003.parquet, episode 17, step 0: a cut-off episode of one row has no"
                + " transition (its only row is a bootstrap state)");
    assertThat(EpisodeRules.checkEpisode(episode("17", 1, EndKind.TERMINAL))).isEmpty();
  }

  @Test
  void bothFlags() {
    List<EpisodeRow> rows = episode("17", 3, EndKind.TERMINAL);
    rows.set(2, TestRows.withFlags(rows.get(2), true, true));
    ValidationError e = only(EpisodeRules.checkEpisode(rows), ValidationRule.BOTH_FLAGS);
    assertThat(e.toString())
        .isEqualTo(
            "part-00003.parquet, episode 17, step 2: terminal and timeout are both true;"
                + " the last row carries exactly one");
  }

  @Test
  void earlyEndFlag() {
    List<EpisodeRow> rows = episode("17", 4, EndKind.TIMEOUT);
    rows.set(1, TestRows.withFlags(rows.get(1), true, false));
    ValidationError e = only(EpisodeRules.checkEpisode(rows), ValidationRule.EARLY_END_FLAG);
    assertThat(e.toString())
        .isEqualTo(
            "part-00003.parquet, episode 17, step 1: terminal is true before the last step 3");
    assertThat(e.column()).isEqualTo(EpisodeColumns.TERMINAL);
  }

  @Test
  void lateRows() {
    List<EpisodeRow> late = List.of(row("17", 2), row("17", 5));
    assertThat(messages(EpisodeRules.checkLateRows(late, 3)))
        .containsExactly(
            "part-00003.parquet, episode 17, step 2: step 2 arrived again after the episode"
                + " (steps 0 to 3) was complete",
            "part-00003.parquet, episode 17, step 5: step 5 arrived after the episode had ended"
                + " at step 3");
    assertThat(EpisodeRules.checkLateRows(late, 3))
        .extracting(ValidationError::rule)
        .containsExactly(ValidationRule.DUPLICATE_STEP, ValidationRule.EARLY_END_FLAG);
  }

  @Test
  void emptyEpisodeIsACallerError() {
    assertThatThrownBy(() -> EpisodeRules.checkEpisode(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

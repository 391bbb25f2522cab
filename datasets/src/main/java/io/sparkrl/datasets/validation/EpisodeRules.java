package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.ObservationShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The docs/design.md §4 rules over one row and over one episode's rows. Pure static functions of
 * their arguments, so the same checks run in one JVM and on Spark executors.
 *
 * <p>Each error names the row's source file, the episode, the step (where one applies), the column
 * and the rule, e.g. {@code part-00003.parquet, episode 17, step 4: action 5 is outside [0, 2)}.
 * Each rule reports at most one error per row.
 */
public final class EpisodeRules {

  /** The source named in errors for rows that do not say where they came from. */
  public static final String UNKNOWN_SOURCE = "(unknown source)";

  private EpisodeRules() {}

  /**
   * Checks one row against the dataset's expectations: finite observation values and reward, action
   * in {@code [0, actionSize)}, {@code action_prob} (when not NaN, i.e. present) in {@code (0, 1]},
   * observation kind and size matching the expected shape.
   *
   * @return the errors found, in the order above; empty if the row is valid
   */
  public static List<ValidationError> checkRow(EpisodeRow row, DatasetExpectations exp) {
    List<ValidationError> errors = new ArrayList<>(0);
    checkShape(row, exp.shape(), errors);
    checkFiniteObservation(row, errors);
    if (!Float.isFinite(row.reward())) {
      errors.add(
          rowError(
              row,
              EpisodeColumns.REWARD,
              ValidationRule.NON_FINITE_REWARD,
              "reward is " + row.reward()));
    }
    if (row.action() < 0 || row.action() >= exp.actionSize()) {
      errors.add(
          rowError(
              row,
              EpisodeColumns.ACTION,
              ValidationRule.ACTION_OUT_OF_RANGE,
              "action " + row.action() + " is outside [0, " + exp.actionSize() + ")"));
    }
    float p = row.actionProb();
    if (!Float.isNaN(p) && !(p > 0f && p <= 1f)) {
      errors.add(
          rowError(
              row,
              EpisodeColumns.ACTION_PROB,
              ValidationRule.ACTION_PROB_OUT_OF_RANGE,
              "action_prob " + p + " is outside (0, 1]"));
    }
    return errors;
  }

  private static void checkShape(
      EpisodeRow row, ObservationShape shape, List<ValidationError> errors) {
    String problem;
    if (row.vector() == null && row.image() == null) {
      problem = "observation is missing";
    } else if (row.vector() != null && row.image() != null) {
      problem = "observation has both a float vector and an image";
    } else if (shape.isImage() && row.vector() != null) {
      problem =
          "observation is a float vector of "
              + row.vector().length
              + " values, expected a uint8 image of shape "
              + shape;
    } else if (!shape.isImage() && row.image() != null) {
      problem =
          "observation is a uint8 image of "
              + row.image().length
              + " bytes, expected a float vector of shape "
              + shape;
    } else if (row.observationLength() != shape.size()) {
      problem =
          "observation has "
              + row.observationLength()
              + (shape.isImage() ? " bytes" : " values")
              + ", expected "
              + shape.size()
              + " for shape "
              + shape;
    } else {
      return;
    }
    errors.add(
        rowError(row, EpisodeColumns.OBSERVATION, ValidationRule.OBSERVATION_SHAPE, problem));
  }

  private static void checkFiniteObservation(EpisodeRow row, List<ValidationError> errors) {
    float[] v = row.vector();
    if (v == null) {
      return; // uint8 images are always finite
    }
    int first = -1;
    int count = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        if (first < 0) {
          first = i;
        }
        count++;
      }
    }
    if (first >= 0) {
      String detail = "observation[" + first + "] is " + v[first];
      if (count > 1) {
        detail += " (" + count + " non-finite values)";
      }
      errors.add(
          rowError(row, EpisodeColumns.OBSERVATION, ValidationRule.NON_FINITE_OBSERVATION, detail));
    }
  }

  /**
   * Checks one episode's rows, sorted by step: steps 0, 1, 2, … without duplicates or gaps, exactly
   * one of {@code terminal} and {@code timeout} on the last row and neither on any other row.
   *
   * @param rowsSortedByStep every row read for one episode id, sorted by step (ties in any order)
   * @return the errors found in step order, then the end-flag errors; empty if the episode is valid
   * @throws IllegalArgumentException if {@code rowsSortedByStep} is empty
   */
  public static List<ValidationError> checkEpisode(List<EpisodeRow> rowsSortedByStep) {
    if (rowsSortedByStep.isEmpty()) {
      throw new IllegalArgumentException("an episode has at least one row");
    }
    List<ValidationError> errors = new ArrayList<>(0);
    checkSteps(rowsSortedByStep, errors);
    checkEndFlags(rowsSortedByStep, errors);
    checkActionProbs(rowsSortedByStep, errors);
    return errors;
  }

  // An episode keeps its action probabilities only if every row has one; a partial column would
  // otherwise be dropped without a word.
  private static void checkActionProbs(List<EpisodeRow> rows, List<ValidationError> errors) {
    List<Long> missing = new ArrayList<>();
    for (EpisodeRow row : rows) {
      if (Float.isNaN(row.actionProb())) {
        missing.add(row.step());
      }
    }
    if (!missing.isEmpty() && missing.size() < rows.size()) {
      EpisodeRow first =
          rows.stream().filter(r -> Float.isNaN(r.actionProb())).findFirst().orElseThrow();
      String steps =
          missing.size() <= 5
              ? missing.toString()
              : missing.subList(0, 5) + " and " + (missing.size() - 5) + " more";
      errors.add(
          rowError(
              first,
              EpisodeColumns.ACTION_PROB,
              ValidationRule.PARTIAL_ACTION_PROB,
              "action_prob is missing at steps " + steps + " but present on the other rows"));
    }
  }

  private static void checkSteps(List<EpisodeRow> rows, List<ValidationError> errors) {
    long expected = 0;
    int i = 0;
    while (i < rows.size()) {
      EpisodeRow row = rows.get(i);
      long step = row.step();
      int same = 1;
      while (i + same < rows.size() && rows.get(i + same).step() == step) {
        same++;
      }
      if (step < 0) {
        errors.add(
            rowError(
                row,
                EpisodeColumns.STEP,
                ValidationRule.STEP_GAP,
                "step " + step + " is negative; steps count 0, 1, 2, …"));
      } else if (step > expected) {
        String missing =
            step == expected + 1
                ? "step " + expected + " is missing"
                : "steps " + expected + " to " + (step - 1) + " are missing";
        errors.add(rowError(row, EpisodeColumns.STEP, ValidationRule.STEP_GAP, missing));
      }
      if (same > 1) {
        errors.add(
            rowError(
                row,
                EpisodeColumns.STEP,
                ValidationRule.DUPLICATE_STEP,
                "step " + step + " appears in " + same + " rows"));
      }
      if (step >= 0) {
        expected = step + 1;
      }
      i += same;
    }
  }

  private static void checkEndFlags(List<EpisodeRow> rows, List<ValidationError> errors) {
    int lastIndex = rows.size() - 1;
    EpisodeRow last = rows.get(lastIndex);
    for (int i = 0; i < rows.size(); i++) {
      EpisodeRow row = rows.get(i);
      if (row.terminal() && row.timeout()) {
        errors.add(
            rowError(
                row,
                EpisodeColumns.TIMEOUT,
                ValidationRule.BOTH_FLAGS,
                "terminal and timeout are both true; the last row carries exactly one"));
      }
      if (i < lastIndex && (row.terminal() || row.timeout())) {
        String flag =
            row.terminal() && row.timeout()
                ? "terminal and timeout are"
                : row.terminal() ? "terminal is" : "timeout is";
        errors.add(
            rowError(
                row,
                row.terminal() ? EpisodeColumns.TERMINAL : EpisodeColumns.TIMEOUT,
                ValidationRule.EARLY_END_FLAG,
                flag + " true before the last step " + last.step()));
      }
    }
    if (rows.size() == 1 && last.timeout() && !last.terminal()) {
      errors.add(
          rowError(
              last,
              EpisodeColumns.TIMEOUT,
              ValidationRule.NO_TRANSITION,
              "a cut-off episode of one row has no transition (its only row is a bootstrap state)"));
    }
    if (!last.terminal() && !last.timeout()) {
      errors.add(
          rowError(
              last,
              EpisodeColumns.TERMINAL,
              ValidationRule.NO_END_FLAG,
              "the last row has neither terminal nor timeout set"));
    }
  }

  /**
   * Checks rows that arrived for an episode id after an episode with that id had already been
   * handed on complete (see {@link EpisodeGrouper}): a row at a step the earlier episode covered is
   * a {@link ValidationRule#DUPLICATE_STEP}; a row past its last step means the earlier episode's
   * end flag came too early ({@link ValidationRule#EARLY_END_FLAG}).
   *
   * @param lateRows the late rows, in any order
   * @param earlierLastStep the last step of the episode already handed on
   * @return one error per late row
   */
  public static List<ValidationError> checkLateRows(
      List<EpisodeRow> lateRows, long earlierLastStep) {
    List<ValidationError> errors = new ArrayList<>(lateRows.size());
    for (EpisodeRow row : lateRows) {
      if (row.step() <= earlierLastStep) {
        errors.add(
            rowError(
                row,
                EpisodeColumns.STEP,
                ValidationRule.DUPLICATE_STEP,
                "step "
                    + row.step()
                    + " arrived again after the episode (steps 0 to "
                    + earlierLastStep
                    + ") was complete"));
      } else {
        errors.add(
            rowError(
                row,
                EpisodeColumns.STEP,
                ValidationRule.EARLY_END_FLAG,
                "step "
                    + row.step()
                    + " arrived after the episode had ended at step "
                    + earlierLastStep));
      }
    }
    return errors;
  }

  private static ValidationError rowError(
      EpisodeRow row, String column, ValidationRule rule, String detail) {
    return new ValidationError(
        Objects.requireNonNullElse(row.source(), UNKNOWN_SOURCE),
        row.episodeId(),
        row.step(),
        column,
        rule,
        detail);
  }
}

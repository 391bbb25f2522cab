package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.RejectedEpisodeSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Validates a stream of episode rows (docs/design.md §4): groups them into episodes with {@link
 * EpisodeGrouper}, applies {@link EpisodeRules} to every row and every episode, assembles each
 * valid episode and hands it to the accepted sink, and deals with each invalid one as the {@link
 * ValidationMode} says. Nothing is dropped silently: every episode read is either accepted or
 * rejected, and the {@link ValidationReport} counts both.
 *
 * <p>The whole input is always read, even in strict mode, so the report counts every error. Valid
 * episodes reach {@code accepted} in both modes; a strict caller that must not leave a partial
 * output behind passes a null sink to check first, or discards the output when the report is not
 * {@link ValidationReport#ok() ok}. The sinks are not closed here: the caller owns them.
 */
public final class DatasetValidator {

  private DatasetValidator() {}

  /**
   * Validates {@code rows}.
   *
   * @param rows the dataset's rows, episodes in any order (see {@link EpisodeGrouper})
   * @param sourceName names the whole input (e.g. the dataset path) in dataset-level errors such as
   *     {@link ValidationRule#EMPTY_DATASET}
   * @param exp the observation shape and action count every row must match
   * @param mode what to do with invalid episodes
   * @param accepted receives every valid episode; null to only check
   * @param rejected receives every invalid episode in {@link ValidationMode#QUARANTINE} mode, with
   *     all its rows and reasons; unused (may be null) in {@link ValidationMode#STRICT} mode
   * @return counts and the first errors
   * @throws IllegalArgumentException in quarantine mode without a rejected sink
   * @throws IOException if a sink fails
   */
  public static ValidationReport validate(
      Iterator<EpisodeRow> rows,
      String sourceName,
      DatasetExpectations exp,
      ValidationMode mode,
      EpisodeSink accepted,
      RejectedEpisodeSink rejected)
      throws IOException {
    Objects.requireNonNull(exp, "expectations");
    Objects.requireNonNull(mode, "mode");
    if (mode == ValidationMode.QUARANTINE && rejected == null) {
      throw new IllegalArgumentException("quarantine mode needs a sink for rejected episodes");
    }
    Tally tally = new Tally();
    EpisodeGrouper groups = new EpisodeGrouper(rows);
    while (groups.hasNext()) {
      EpisodeGroup group = groups.next();
      List<EpisodeRow> sorted = group.sortedByStep();
      List<ValidationError> errors = check(group, sorted, exp);
      int n = group.rows().size();
      if (errors.isEmpty()) {
        Episode episode = EpisodeAssembler.assemble(sorted, exp.shape());
        if (accepted != null) {
          accepted.accept(episode);
        }
        tally.episodesAccepted++;
        tally.rowsAccepted += n;
      } else {
        if (mode == ValidationMode.QUARANTINE) {
          rejected.reject(group.episodeId(), group.rows(), errors);
        }
        tally.episodesRejected++;
        tally.rowsRejected += n;
        tally.addErrors(errors);
      }
    }
    if (tally.episodesAccepted + tally.episodesRejected == 0) {
      tally.addErrors(
          List.of(
              new ValidationError(
                  Objects.requireNonNullElse(sourceName, EpisodeRules.UNKNOWN_SOURCE),
                  null,
                  null,
                  null,
                  ValidationRule.EMPTY_DATASET,
                  "the dataset has no rows")));
    }
    return tally.report();
  }

  private static List<ValidationError> check(
      EpisodeGroup group, List<EpisodeRow> sorted, DatasetExpectations exp) {
    List<ValidationError> errors = new ArrayList<>(0);
    for (EpisodeRow row : sorted) {
      errors.addAll(EpisodeRules.checkRow(row, exp));
    }
    if (group.isLate()) {
      errors.addAll(EpisodeRules.checkLateRows(sorted, group.earlierLastStep()));
    } else {
      errors.addAll(EpisodeRules.checkEpisode(sorted));
    }
    return errors;
  }

  /** Running counts while the input is read. */
  private static final class Tally {
    long episodesAccepted;
    long rowsAccepted;
    long episodesRejected;
    long rowsRejected;
    long errorCount;
    final List<ValidationError> firstErrors = new ArrayList<>();

    void addErrors(List<ValidationError> errors) {
      errorCount += errors.size();
      for (ValidationError e : errors) {
        if (firstErrors.size() == ValidationReport.MAX_FIRST_ERRORS) {
          return;
        }
        firstErrors.add(e);
      }
    }

    ValidationReport report() {
      return new ValidationReport(
          episodesAccepted + episodesRejected,
          rowsAccepted + rowsRejected,
          episodesAccepted,
          rowsAccepted,
          episodesRejected,
          rowsRejected,
          errorCount,
          firstErrors);
    }
  }
}

package io.sparkrl.spark.data;

import io.sparkrl.datasets.EpisodeRow;
import io.sparkrl.datasets.EpisodeSink;
import io.sparkrl.datasets.RejectedEpisodeSink;
import io.sparkrl.datasets.validation.DatasetExpectations;
import io.sparkrl.datasets.validation.DatasetValidator;
import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationMode;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Validates the episodes of one partition whose rows arrive sorted by episode id, then step (each
 * episode's rows contiguous), one episode at a time and lazily: only the current episode's rows are
 * held. Each episode goes through {@link DatasetValidator} (the datasets module's rules and
 * assembly, not a copy of them).
 *
 * <p>Strict mode throws {@link EpisodeValidationException} at the first bad episode; quarantine
 * mode hands it on as a {@link ValidatedEpisode#rejected rejected} outcome. Serialisable, so the
 * driver can ship it to executors; no Spark types, so it is tested without Spark.
 */
public final class EpisodePartitionValidator implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private final String datasetName;
  private final DatasetExpectations expectations;
  private final ValidationMode mode;

  /**
   * @param datasetName names the dataset in dataset-level errors
   * @param expectations the observation shape and action count every row must match
   * @param mode strict (fail at the first bad episode) or quarantine (hand it on)
   */
  public EpisodePartitionValidator(
      String datasetName, DatasetExpectations expectations, ValidationMode mode) {
    this.datasetName = datasetName;
    this.expectations = Objects.requireNonNull(expectations, "expectations");
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /**
   * The outcome of each episode of {@code rows}, in the order the episodes arrive.
   *
   * @param rows rows sorted by episode id and step (rows of one id contiguous)
   * @throws EpisodeValidationException (when the iterator reaches it) in strict mode at the first
   *     bad episode
   */
  public Iterator<ValidatedEpisode> validate(Iterator<EpisodeRow> rows) {
    return new Outcomes(rows);
  }

  private ValidatedEpisode validateOne(List<EpisodeRow> rows) {
    ValidatedEpisode[] out = new ValidatedEpisode[1];
    try {
      DatasetValidator.validate(
          rows.iterator(),
          datasetName,
          expectations,
          ValidationMode.QUARANTINE,
          EpisodeSink.of(episode -> out[0] = ValidatedEpisode.accepted(episode)),
          new RejectedEpisodeSink() {
            @Override
            public void reject(
                String id, List<EpisodeRow> episodeRows, List<ValidationError> errors) {
              out[0] = ValidatedEpisode.rejected(id, episodeRows, errors);
            }

            @Override
            public void close() {}
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the sinks above never throw
    }
    if (mode == ValidationMode.STRICT && !out[0].isAccepted()) {
      throw new EpisodeValidationException(out[0].id(), out[0].errors());
    }
    return out[0];
  }

  /** Cuts the sorted row stream at each change of episode id. */
  private final class Outcomes implements Iterator<ValidatedEpisode> {
    private final Iterator<EpisodeRow> rows;
    private EpisodeRow pending;

    Outcomes(Iterator<EpisodeRow> rows) {
      this.rows = rows;
    }

    @Override
    public boolean hasNext() {
      return pending != null || rows.hasNext();
    }

    @Override
    public ValidatedEpisode next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more episodes in this partition");
      }
      List<EpisodeRow> episode = new ArrayList<>();
      EpisodeRow first = pending != null ? pending : rows.next();
      pending = null;
      episode.add(first);
      while (rows.hasNext()) {
        EpisodeRow row = rows.next();
        if (!Objects.equals(row.episodeId(), first.episodeId())) {
          pending = row;
          break;
        }
        episode.add(row);
      }
      return validateOne(episode);
    }
  }
}

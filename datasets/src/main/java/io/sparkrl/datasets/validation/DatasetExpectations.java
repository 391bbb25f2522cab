package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.ObservationShape;
import java.io.Serial;
import java.io.Serializable;

/**
 * What every row of a dataset must agree with: the observation shape and the number of discrete
 * actions. Taken from {@code dataset.json} or the job's config, or inferred from the rows with an
 * {@link ExpectationsAccumulator} when there is no manifest (docs/design.md §2).
 *
 * <p>Serializable so it can be broadcast to Spark executors. {@link ObservationShape} itself is not
 * serializable, so the record travels as a small proxy holding the shape's dimensions.
 *
 * @param shape the shape of one observation: {@code [features]} or {@code [C, H, W]}
 * @param actionSize actions are {@code 0 .. actionSize − 1}; at least 1
 */
public record DatasetExpectations(ObservationShape shape, int actionSize) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  public DatasetExpectations {
    if (shape == null) {
      throw new IllegalArgumentException("observation shape is required");
    }
    if (actionSize < 1) {
      throw new IllegalArgumentException("action_size must be >= 1, got " + actionSize);
    }
  }

  /** Expectations for float-vector observations of {@code features} values. */
  public static DatasetExpectations ofVectors(int features, int actionSize) {
    return new DatasetExpectations(ObservationShape.vector(features), actionSize);
  }

  @Serial
  private Object writeReplace() {
    return new SerialForm(shape.dims(), actionSize);
  }

  /** The serialised form: plain arrays and ints, rebuilt (and re-validated) on read. */
  private record SerialForm(int[] dims, int actionSize) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Serial
    private Object readResolve() {
      return new DatasetExpectations(new ObservationShape(dims), actionSize);
    }
  }
}

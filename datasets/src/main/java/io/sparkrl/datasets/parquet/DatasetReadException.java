package io.sparkrl.datasets.parquet;

import io.sparkrl.datasets.validation.ValidationError;

/**
 * A dataset could not be read: an unreadable path, a corrupt or truncated file, a missing or
 * mistyped column, an empty dataset, or a null in a required column. The message is {@link
 * ValidationError#toString()}, e.g. {@code part-00002.parquet: column action has type BINARY,
 * expected int32 or int64}.
 */
public class DatasetReadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Not serialised with the exception: records are not guaranteed to be serialisable. */
  private final transient ValidationError error;

  public DatasetReadException(ValidationError error) {
    this(error, null);
  }

  public DatasetReadException(ValidationError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  /** The broken rule, with the file and column; null only after Java deserialisation. */
  public ValidationError error() {
    return error;
  }
}

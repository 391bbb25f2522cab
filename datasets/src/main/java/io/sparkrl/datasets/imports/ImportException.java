package io.sparkrl.datasets.imports;

import io.sparkrl.datasets.validation.ValidationError;
import io.sparkrl.datasets.validation.ValidationRule;

/**
 * An input an importer cannot parse or open. The message is {@link ValidationError#toString()},
 * e.g. {@code data.csv: line 17, column reward: "abc" is not a number}; {@link #error()} gives the
 * rule and column for quarantine and provenance records.
 */
public final class ImportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Not serialised with the exception: the message already carries its text. */
  private final transient ValidationError error;

  public ImportException(ValidationError error) {
    super(error.toString());
    this.error = error;
  }

  public ImportException(ValidationError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  /** A file-level error in {@code source}, about {@code column} (may be null). */
  static ImportException of(String source, String column, ValidationRule rule, String detail) {
    return new ImportException(new ValidationError(source, null, null, column, rule, detail));
  }

  /** As {@link #of}, keeping the underlying failure as the cause. */
  static ImportException of(
      String source, String column, ValidationRule rule, String detail, Throwable cause) {
    return new ImportException(
        new ValidationError(source, null, null, column, rule, detail), cause);
  }

  /** The broken rule, where it is, and what is wrong; null after deserialisation. */
  public ValidationError error() {
    return error;
  }
}

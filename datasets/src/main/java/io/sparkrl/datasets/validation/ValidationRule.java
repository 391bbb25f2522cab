package io.sparkrl.datasets.validation;

/** One check of docs/design.md §4 on episode data; each rejected input names the rule it broke. */
public enum ValidationRule {
  UNREADABLE_PATH("unreadable path"),
  CORRUPT_FILE("corrupt or truncated file"),
  IMPORT_LIMIT("beyond an import limit"),
  MISSING_COLUMN("missing column"),
  MISTYPED_COLUMN("mistyped column"),
  EMPTY_DATASET("empty dataset"),
  NON_FINITE_OBSERVATION("non-finite observation"),
  NON_FINITE_REWARD("non-finite reward"),
  ACTION_OUT_OF_RANGE("action out of range"),
  ACTION_PROB_OUT_OF_RANGE("action_prob outside (0, 1]"),
  PARTIAL_ACTION_PROB("action_prob on some rows only"),
  NO_TRANSITION("cut-off episode without a transition"),
  OBSERVATION_SHAPE("observation shape mismatch"),
  DUPLICATE_STEP("duplicate step"),
  STEP_GAP("gap in steps"),
  NO_END_FLAG("episode without an end flag"),
  BOTH_FLAGS("both terminal and timeout"),
  EARLY_END_FLAG("end flag before the last row");

  private final String description;

  ValidationRule(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}

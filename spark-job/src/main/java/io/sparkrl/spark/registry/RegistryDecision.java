package io.sparkrl.spark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/**
 * One line of a model's decision history ({@code history.jsonl}): what was decided, when, about
 * which version, and which version is champion afterwards.
 *
 * @param time when the decision was recorded (UTC)
 * @param action what was done
 * @param version the version the decision is about: the published, kept, promoted or restored one
 * @param champion the champion version after the decision, or null if there is none
 * @param reason why, in words (may be null)
 * @param evaluation a summary of the evaluation behind the decision (may be null)
 * @param idempotencyKey the key of the run that made the decision (may be null)
 */
public record RegistryDecision(
    Instant time,
    Action action,
    Integer version,
    Integer champion,
    String reason,
    JsonNode evaluation,
    String idempotencyKey) {

  /** What a decision did. */
  public enum Action {
    /** A new version was stored; it is champion only if {@code champion} equals {@code version}. */
    PUBLISH,
    /** A challenger lost; the champion stays. */
    KEEP,
    /** An existing version was made champion. */
    PROMOTE,
    /** The champion before the current one was restored. */
    ROLLBACK;

    /** The name in {@code history.jsonl}: lower case. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action with a {@link #jsonName()}.
     *
     * @param name the name as written in the history
     * @return the action
     * @throws IllegalArgumentException if no action has that name
     */
    public static Action fromJsonName(String name) {
      for (Action a : values()) {
        if (a.jsonName().equals(name)) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "unknown registry action '" + name + "', expected publish, keep, promote or rollback");
    }
  }

  /**
   * What the caller of {@link ModelRegistry#publish} decided about the version being published.
   *
   * @param promote whether the new version becomes champion
   * @param reason why, in words (may be null)
   * @param evaluation a summary of the evaluation to keep in the history (may be null)
   */
  public record Verdict(boolean promote, String reason, JsonNode evaluation) {

    /**
     * A verdict that promotes the new version.
     *
     * @param reason why
     * @return the verdict
     */
    public static Verdict promote(String reason) {
      return new Verdict(true, reason, null);
    }

    /**
     * A verdict that stores the new version without promoting it.
     *
     * @param reason why
     * @return the verdict
     */
    public static Verdict store(String reason) {
      return new Verdict(false, reason, null);
    }
  }

  /** Validates the required fields. */
  public RegistryDecision {
    if (time == null) {
      throw new IllegalArgumentException("registry decision: time is missing");
    }
    if (action == null) {
      throw new IllegalArgumentException("registry decision: action is missing");
    }
  }
}

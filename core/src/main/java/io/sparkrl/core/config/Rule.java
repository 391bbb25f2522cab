package io.sparkrl.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A rule one configuration value must obey, with the text that documents it. The records that hold
 * settings check their fields with these rules, and the tables of keys ({@link ConfigKey}) show the
 * same rules, so what is documented is what is checked.
 *
 * @param <T> the value's type
 */
public final class Rule<T> {

  private final String text;
  private final String mustBe;
  private final Predicate<? super T> test;

  private Rule(String text, Predicate<? super T> test) {
    this(text, text, test);
  }

  private Rule(String text, String mustBe, Predicate<? super T> test) {
    this.text = text;
    this.mustBe = mustBe;
    this.test = test;
  }

  /** A rule of its own: {@code text} says what {@code test} requires. */
  public static <T> Rule<T> of(String text, Predicate<? super T> test) {
    return new Rule<>(text, test);
  }

  /** Any value of the type. */
  public static <T> Rule<T> any() {
    return new Rule<>("", v -> true);
  }

  /** A finite number above 0. */
  public static Rule<Double> positive() {
    return new Rule<>("> 0", v -> v > 0 && !v.isInfinite());
  }

  /** A number in [0, 1]. */
  public static Rule<Double> unitInterval() {
    return new Rule<>("in [0, 1]", v -> v >= 0 && v <= 1);
  }

  /** A number in [0, 1). */
  public static Rule<Double> belowOne() {
    return new Rule<>("in [0, 1)", v -> v >= 0 && v < 1);
  }

  /** An integer of at least {@code min}. */
  public static Rule<Integer> atLeast(int min) {
    return new Rule<>(">= " + min, v -> v >= min);
  }

  /** A value that is not null. */
  public static <T> Rule<T> required() {
    return new Rule<>("", "set", Objects::nonNull);
  }

  /** A string that is one of {@code allowed}, compared without case. */
  public static Rule<String> oneOf(Collection<String> allowed) {
    return new Rule<>(
        "one of " + String.join(", ", allowed),
        v -> allowed.stream().anyMatch(a -> a.equalsIgnoreCase(v)));
  }

  /** A string that is not blank. */
  public static Rule<String> notBlank() {
    return new Rule<>("not blank", v -> !v.isBlank());
  }

  /** This rule, or null; a null value is not checked. */
  public Rule<T> orNull() {
    return new Rule<>(
        text.isEmpty() ? "or null" : text + ", or null", v -> v == null || test.test(v));
  }

  /** What the rule requires, for documentation, e.g. {@code "> 0"}; empty when the type says it. */
  public String text() {
    return text;
  }

  /**
   * Checks a value.
   *
   * @throws ConfigException naming {@code key} and the value if the value breaks the rule
   */
  public void check(String key, T value) {
    boolean ok;
    try {
      ok = test.test(value);
    } catch (NullPointerException e) {
      ok = false;
    }
    if (!ok) {
      throw new ConfigException(key, key + ": must be " + mustBe + ", got " + show(value));
    }
  }

  private static String show(Object value) {
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    return value instanceof Double d ? String.format(Locale.ROOT, "%s", d) : String.valueOf(value);
  }
}

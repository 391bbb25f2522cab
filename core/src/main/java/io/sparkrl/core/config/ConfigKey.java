package io.sparkrl.core.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One documented setting: its JSON name, the type of its value, its default, the rule the value
 * must obey and a description for people. Tables of keys ({@code AwrConfigKeys} for the
 * hyperparameters, the Spark job's own for job settings) drive the parsers, the records' checks and
 * {@code sparkrl train --help-config}, so the three cannot disagree.
 *
 * @param name the JSON key
 * @param type how the value reads and writes
 * @param defaultValue the value when the key is absent (may be null)
 * @param defaultText how the documentation shows the default
 * @param rule what a value must obey
 * @param description one sentence for people
 * @param <T> the value's Java type
 */
public record ConfigKey<T>(
    String name,
    ValueType<T> type,
    T defaultValue,
    String defaultText,
    Rule<? super T> rule,
    String description) {

  /** A key whose default is shown as the value's JSON text. */
  public static <T> ConfigKey<T> of(
      String name, ValueType<T> type, T defaultValue, Rule<? super T> rule, String description) {
    return new ConfigKey<>(
        name, type, defaultValue, type.write(defaultValue).toString(), rule, description);
  }

  /**
   * Reads this key's value from a JSON object: the default when the key is absent, the type's
   * reading (null for JSON null) otherwise. The rule is not checked here.
   *
   * @throws ConfigException for a mistyped value
   */
  public T read(JsonNode object) {
    JsonNode v = object.get(name);
    return v == null ? defaultValue : type.read(name, v);
  }

  /** The JSON form of a value of this key. */
  public JsonNode write(T value) {
    return type.write(value);
  }

  /**
   * Checks a value against the rule.
   *
   * @return the value
   * @throws ConfigException naming this key and the value if it breaks the rule
   */
  public T check(T value) {
    rule.check(name, value);
    return value;
  }
}

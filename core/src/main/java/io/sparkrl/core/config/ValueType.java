package io.sparkrl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How one kind of configuration value reads from JSON and writes back: numbers, integers, booleans,
 * strings, or a structured value with its own reader ({@code scaler}, {@code encoder_params}, …).
 * Reading checks only the type; the value's {@link Rule} is checked where the value is held.
 *
 * @param <T> the Java type of the value
 */
public final class ValueType<T> {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A number, as a double. */
  public static final ValueType<Double> NUMBER =
      new ValueType<>(
          "number",
          (key, v) -> {
            if (!v.isNumber()) {
              throw new ConfigException(key, key + ": must be a number, got " + v);
            }
            return v.doubleValue();
          },
          JSON::numberNode);

  /** An integer that fits an int; 3.0 reads as 3. */
  public static final ValueType<Integer> INTEGER =
      new ValueType<>("integer", ValueType::integer, JSON::numberNode);

  /** An integer that fits a long. */
  public static final ValueType<Long> LONG =
      new ValueType<>(
          "integer",
          (key, v) -> {
            if (v.isIntegralNumber() && v.canConvertToLong()) {
              return v.longValue();
            }
            if (v.isTextual() && v.textValue().strip().matches("-?[0-9]{1,18}")) {
              return Long.parseLong(v.textValue().strip());
            }
            throw new ConfigException(key, key + ": must be an integer, got " + v);
          },
          JSON::numberNode);

  /** true or false. */
  public static final ValueType<Boolean> BOOLEAN =
      new ValueType<>(
          "boolean",
          (key, v) -> {
            if (!v.isBoolean()) {
              throw new ConfigException(key, key + ": must be true or false, got " + v);
            }
            return v.booleanValue();
          },
          JSON::booleanNode);

  /** A string. */
  public static final ValueType<String> STRING =
      new ValueType<>(
          "string",
          (key, v) -> {
            if (!v.isTextual()) {
              throw new ConfigException(key, key + ": must be a string, got " + v);
            }
            return v.textValue();
          },
          JSON::textNode);

  private final String name;
  private final BiFunction<String, JsonNode, T> reader;
  private final Function<T, JsonNode> writer;
  private final boolean nullable;
  private final T nullValue;

  /**
   * A value type.
   *
   * @param name how the documentation names it ("number", "list of names", …)
   * @param reader reads a non-null JSON value, given the key for messages; throws {@link
   *     ConfigException} for a mistyped value
   * @param writer the JSON form of a non-null value
   */
  public ValueType(
      String name, BiFunction<String, JsonNode, T> reader, Function<T, JsonNode> writer) {
    this(name, reader, writer, false, null);
  }

  private ValueType(
      String name,
      BiFunction<String, JsonNode, T> reader,
      Function<T, JsonNode> writer,
      boolean nullable,
      T nullValue) {
    this.name = name;
    this.reader = reader;
    this.writer = writer;
    this.nullable = nullable;
    this.nullValue = nullValue;
  }

  /** This type, reading JSON null as {@code value} (which may be null) instead of refusing it. */
  public ValueType<T> nullMeans(T value) {
    return new ValueType<>(name, reader, writer, true, value);
  }

  /** How the documentation names this type. */
  public String name() {
    return name;
  }

  /**
   * Reads a value. JSON null is refused, unless the type was made with {@link #nullMeans}; an
   * absent value ({@code node == null}) reads as null.
   *
   * @throws ConfigException naming {@code key} for a mistyped value
   */
  public T read(String key, JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNull() && nullable) {
      return nullValue;
    }
    return reader.apply(key, node);
  }

  /** Reads a value that may be absent or JSON null (both read as null). */
  public T readOptional(String key, JsonNode node) {
    return node == null || node.isNull() ? null : reader.apply(key, node);
  }

  /** The JSON form of a value; null writes as JSON null. */
  public JsonNode write(T value) {
    return value == null ? NullNode.getInstance() : writer.apply(value);
  }

  private static Integer integer(String key, JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())) {
      double d = v.doubleValue();
      if (d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw new ConfigException(key, key + ": must be an integer, got " + v);
  }
}

package io.sparkrl.spark.ope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.core.ope.BootstrapIntervals.Interval;
import io.sparkrl.core.ope.Estimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation: per estimator the estimated policy value and its bootstrap interval, with what
 * was evaluated on what. {@link #toJson()} is the {@code --json} output and the registry's {@code
 * evaluation.json}; {@link #fromJson} reads it back.
 *
 * @param model the model archive's URI
 * @param data the dataset's URI
 * @param fingerprint the dataset's fingerprint
 * @param gamma the discount used
 * @param target the evaluated policy ({@code greedy} or {@code softmax})
 * @param level the intervals' confidence level
 * @param episodes episodes evaluated
 * @param transitions transitions evaluated
 * @param estimates one interval per requested estimator, in the requested order
 */
public record EvaluationResult(
    String model,
    String data,
    String fingerprint,
    double gamma,
    String target,
    double level,
    long episodes,
    long transitions,
    List<Interval> estimates) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public EvaluationResult {
    estimates = List.copyOf(estimates);
  }

  /** The interval of {@code estimator}, if it was run. */
  public Optional<Interval> estimate(Estimator estimator) {
    return estimates.stream().filter(i -> i.estimator() == estimator).findFirst();
  }

  /** The result as one JSON object. */
  public ObjectNode toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model", model);
    root.put("data", data);
    root.put("fingerprint", fingerprint);
    root.put("gamma", gamma);
    root.put("target", target);
    root.put("confidence_level", level);
    root.put("episodes", episodes);
    root.put("transitions", transitions);
    ObjectNode byName = root.putObject("estimates");
    for (Interval i : estimates) {
      ObjectNode e = byName.putObject(i.estimator().key());
      number(e, "value", i.value());
      number(e, "low", i.low());
      number(e, "high", i.high());
      e.put("episodes", i.episodes());
    }
    return root;
  }

  /**
   * Reads {@link #toJson()}'s output.
   *
   * @throws IllegalArgumentException if a field is missing or an estimator unknown
   */
  public static EvaluationResult fromJson(JsonNode root) {
    List<Interval> estimates = new ArrayList<>();
    JsonNode byName = required(root, "estimates");
    for (var it = byName.fields(); it.hasNext(); ) {
      var field = it.next();
      JsonNode e = field.getValue();
      estimates.add(
          new Interval(
              Estimator.parse(field.getKey()),
              number(e, "value"),
              number(e, "low"),
              number(e, "high"),
              required(e, "episodes").asInt()));
    }
    return new EvaluationResult(
        required(root, "model").asText(),
        required(root, "data").asText(),
        required(root, "fingerprint").asText(),
        required(root, "gamma").asDouble(),
        required(root, "target").asText(),
        required(root, "confidence_level").asDouble(),
        required(root, "episodes").asLong(),
        required(root, "transitions").asLong(),
        estimates);
  }

  /** JSON has no NaN: an estimator without a value is written as null. */
  private static void number(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = required(node, key);
    return v.isNull() ? Double.NaN : v.asDouble();
  }

  private static JsonNode required(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null) {
      throw new IllegalArgumentException("evaluation JSON: field '" + key + "' is missing");
    }
    return v;
  }
}

package io.sparkrl.core.metrics;

import java.util.List;

/**
 * Builds the dataset scorers by their d3rlpy names: {@value TdErrorScorer#NAME}, {@value
 * AverageValueScorer#NAME}, {@value InitialStateValueScorer#NAME} and {@value
 * DiscreteActionMatchScorer#NAME}. The {@value EnvironmentScorer#NAME} scorer needs an environment
 * and settings, so it is built with its constructor instead.
 */
public final class Scorers {

  /** The names {@link #byName(String)} knows, in d3rlpy's order. */
  public static final List<String> NAMES =
      List.of(
          TdErrorScorer.NAME,
          AverageValueScorer.NAME,
          InitialStateValueScorer.NAME,
          DiscreteActionMatchScorer.NAME);

  private Scorers() {}

  /**
   * A new scorer called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name (including {@value
   *     EnvironmentScorer#NAME}), listing the known ones
   */
  public static Scorer byName(String name) {
    return switch (String.valueOf(name)) {
      case TdErrorScorer.NAME -> new TdErrorScorer();
      case AverageValueScorer.NAME -> new AverageValueScorer();
      case InitialStateValueScorer.NAME -> new InitialStateValueScorer();
      case DiscreteActionMatchScorer.NAME -> new DiscreteActionMatchScorer();
      case EnvironmentScorer.NAME ->
          throw new IllegalArgumentException(
              "scorer '"
                  + name
                  + "' needs an environment: construct EnvironmentScorer(env, nTrials, epsilon,"
                  + " baseSeed)");
      default ->
          throw new IllegalArgumentException(
              "unknown scorer '" + name + "'; known scorers: " + String.join(", ", NAMES));
    };
  }
}

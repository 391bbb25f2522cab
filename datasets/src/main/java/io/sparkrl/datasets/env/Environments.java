package io.sparkrl.datasets.env;

import java.util.List;

/**
 * Builds environments by name: {@value #CARTPOLE_V0}, {@value #CARTPOLE_V1} ({@link CartPole}) and
 * {@value #CATCH} (the default {@link CatchEnv}). Each call returns a new instance.
 */
public final class Environments {

  public static final String CARTPOLE_V0 = "cartpole-v0";
  public static final String CARTPOLE_V1 = "cartpole-v1";
  public static final String CATCH = "catch";

  /** The names {@link #create(String)} knows. */
  public static final List<String> NAMES = List.of(CARTPOLE_V0, CARTPOLE_V1, CATCH);

  private Environments() {}

  /**
   * A new environment called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static DiscreteEnv create(String name) {
    return switch (String.valueOf(name)) {
      case CARTPOLE_V0 -> CartPole.v0();
      case CARTPOLE_V1 -> CartPole.v1();
      case CATCH -> new CatchEnv();
      default ->
          throw new IllegalArgumentException(
              "unknown environment '"
                  + name
                  + "'; known environments: "
                  + String.join(", ", NAMES));
    };
  }
}

package io.sparkrl.core.config;

import java.io.Serial;

/**
 * A configuration value that is unknown, mistyped or breaks its rule. {@link #key()} names the key
 * (dotted for nested ones: {@code encoder_params.hidden_units}), so that whoever merged the
 * configuration from several sources can say which source set it.
 */
public final class ConfigException extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the key the message is about
   * @param message the whole message, starting with the key
   */
  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /**
   * @param key the key the message is about
   * @param message the whole message, starting with the key
   * @param cause what was wrong underneath
   */
  public ConfigException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The key the message is about; its top-level part before the first dot is the setting. */
  public String key() {
    return key;
  }

  /** The top-level setting: {@code encoder_params} for {@code encoder_params.hidden_units}. */
  public String topLevelKey() {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }
}

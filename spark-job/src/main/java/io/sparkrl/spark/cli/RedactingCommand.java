package io.sparkrl.spark.cli;

import io.sparkrl.spark.provenance.Redaction;

/**
 * A command that knows the Spark configuration it runs with, so that {@link ExitCodes.Handler}
 * redacts its error message with that configuration's {@link Redaction} (the regex and the secret
 * values of a configuration file's {@code spark} section, not only those of the system properties).
 */
public interface RedactingCommand {

  /**
   * The redaction for this command's messages.
   *
   * @return the redaction of the configuration resolved so far, or null before there is one
   */
  Redaction redaction();
}

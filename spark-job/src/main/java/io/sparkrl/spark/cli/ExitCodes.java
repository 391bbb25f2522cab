package io.sparkrl.spark.cli;

import io.sparkrl.spark.provenance.Redaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import org.apache.spark.SparkConf;
import picocli.CommandLine;

/**
 * sparkrl's exit codes, and the handler that turns an exception into a one-line message and a code:
 * bad input (a rejected configuration, dataset or file) exits 2, anything else 1. What it prints
 * goes through a {@link Redaction}: the command's own ({@link RedactingCommand}), otherwise that of
 * the Spark configuration in the system properties, so no password or URI credential is printed.
 * {@code sparkrl retrain} adds {@link #CHAMPION_KEPT}; a held registry lock exits {@link #LOCKED}.
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int INVALID_INPUT = 2;

  /** {@code sparkrl retrain}: the challenger did not pass the gate; the champion stays. */
  public static final int CHAMPION_KEPT = 3;

  /**
   * Another writer (a concurrent retrain, or a registry command) holds the model's lock; nothing
   * was changed, and a scheduler may retry later.
   */
  public static final int LOCKED = 4;

  private ExitCodes() {}

  /** True if the exception means the user's input was rejected. */
  public static boolean isInvalidInput(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
      if (t instanceof IllegalArgumentException
          || t instanceof NoSuchFileException
          || t instanceof InvalidInputException
          || t instanceof io.sparkrl.datasets.parquet.DatasetReadException
          || t instanceof io.sparkrl.datasets.imports.ImportException) {
        return true;
      }
    }
    return false;
  }

  /** True if the exception means a registry lock is held by another writer. */
  public static boolean isLocked(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
      if (t instanceof io.sparkrl.spark.registry.RegistryLockedException) {
        return true;
      }
    }
    return false;
  }

  /** Prints "sparkrl: message" (the stack trace only with SPARKRL_DEBUG=1) and picks the code. */
  static final class Handler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      PrintWriter err = cli.getErr();
      Redaction redaction = redaction(parsed, err);
      err.println(
          "sparkrl: " + redaction.text(e.getMessage() == null ? e.toString() : e.getMessage()));
      if ("1".equals(System.getenv("SPARKRL_DEBUG"))) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.print(redaction.text(trace.toString()));
      }
      err.flush();
      if (isLocked(e)) {
        return LOCKED;
      }
      return isInvalidInput(e) ? INVALID_INPUT : FAILURE;
    }

    /** The command's redaction, else the system properties' one, else Spark's default. */
    private static Redaction redaction(CommandLine.ParseResult parsed, PrintWriter err) {
      CommandLine.ParseResult last = parsed;
      while (last.hasSubcommand()) {
        last = last.subcommand();
      }
      if (last.commandSpec().userObject() instanceof RedactingCommand command
          && command.redaction() != null) {
        return command.redaction();
      }
      try {
        return Redaction.of(new SparkConf());
      } catch (IllegalArgumentException badRegex) {
        err.println("sparkrl: " + badRegex.getMessage() + "; redacting with Spark's default");
        return Redaction.sparkDefault();
      }
    }
  }

  /** Thrown by commands when the input is bad and the message has already been explained. */
  public static final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
      super(message);
    }
  }
}

package io.sparkrl.spark.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * sparkrl's exit codes, and the handler that turns an exception into a one-line message and a code:
 * bad input (a rejected configuration, dataset or file) exits 2, anything else 1.
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int INVALID_INPUT = 2;

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

  /** Prints "sparkrl: message" (the stack trace only with SPARKRL_DEBUG=1) and picks the code. */
  static final class Handler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      PrintWriter err = cli.getErr();
      err.println("sparkrl: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if ("1".equals(System.getenv("SPARKRL_DEBUG"))) {
        e.printStackTrace(err);
      }
      err.flush();
      return isInvalidInput(e) ? INVALID_INPUT : FAILURE;
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

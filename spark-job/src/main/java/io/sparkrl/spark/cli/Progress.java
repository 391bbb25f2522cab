package io.sparkrl.spark.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar for long commands; silent when disabled (tests, scripts, --quiet). */
public final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar over {@code total} units (-1 if unknown) on stderr, or a no-op when not enabled. */
  public static Progress start(String task, long total, String unit, boolean enabled) {
    if (!enabled) {
      return new Progress(null);
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setUnit(" " + unit, 1)
            .showSpeed()
            .setStyle(ProgressBarStyle.ASCII)
            .continuousUpdate()
            .setUpdateIntervalMillis(500)
            .build();
    return new Progress(bar);
  }

  public void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}

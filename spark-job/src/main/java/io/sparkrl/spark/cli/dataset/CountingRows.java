package io.sparkrl.spark.cli.dataset;

import io.sparkrl.datasets.EpisodeRow;
import java.util.Iterator;
import java.util.function.LongConsumer;

/** Passes rows through, reporting progress every {@code every} rows. */
final class CountingRows implements Iterator<EpisodeRow> {

  private final Iterator<EpisodeRow> rows;
  private final LongConsumer progress;
  private final int every;
  private long pending;

  CountingRows(Iterator<EpisodeRow> rows, LongConsumer progress, int every) {
    this.rows = rows;
    this.progress = progress;
    this.every = every;
  }

  @Override
  public boolean hasNext() {
    boolean more = rows.hasNext();
    if (!more && pending > 0) {
      progress.accept(pending);
      pending = 0;
    }
    return more;
  }

  @Override
  public EpisodeRow next() {
    EpisodeRow row = rows.next();
    if (++pending == every) {
      progress.accept(pending);
      pending = 0;
    }
    return row;
  }
}

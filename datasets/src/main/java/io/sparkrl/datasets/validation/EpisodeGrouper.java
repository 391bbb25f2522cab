package io.sparkrl.datasets.validation;

import io.sparkrl.datasets.EpisodeRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Groups a stream of rows into episodes without reading the whole dataset: rows may arrive in any
 * order of episodes (usually each episode contiguous and in step order, but interleaving works).
 *
 * <p>Pending rows are kept per episode id. An episode is complete when its highest step carries an
 * end flag and every step from 0 to that one is present; it is handed on as soon as a row of
 * another episode arrives (or the input ends). Waiting for that one row means an early end flag in
 * a contiguous episode is seen as one episode (and rejected) rather than cut in two. Row memory is
 * bounded by the episodes open at once, not by the dataset; only the ids of episodes already handed
 * on are remembered, with their last step.
 *
 * <p>At the end of the input every still-pending episode is handed on too, complete or not, so the
 * rules can reject it. Rows arriving for an id already handed on are never dropped: they form a
 * late {@link EpisodeGroup} ({@link EpisodeGroup#isLate()}), checked by {@link
 * EpisodeRules#checkLateRows}. The same id can thus be handed on more than once.
 *
 * <p>Not thread-safe. The input iterator is consumed lazily.
 */
public final class EpisodeGrouper implements Iterator<EpisodeGroup> {

  private final Iterator<EpisodeRow> input;
  private final Map<String, Pending> open = new LinkedHashMap<>();
  private final Set<String> complete = new LinkedHashSet<>();
  private final Map<String, Long> handedOn = new HashMap<>();
  private final ArrayDeque<EpisodeGroup> ready = new ArrayDeque<>();
  private boolean drained;

  /** Groups the rows of {@code input}, read as {@link #hasNext()} needs them. */
  public EpisodeGrouper(Iterator<EpisodeRow> input) {
    this.input = input;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && input.hasNext()) {
      add(input.next());
    }
    if (ready.isEmpty() && !drained) {
      drained = true;
      for (String id : new ArrayList<>(open.keySet())) {
        release(id);
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public EpisodeGroup next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more episodes");
    }
    return ready.poll();
  }

  /** Episodes with rows held in memory now (for monitoring and tests). */
  public int openEpisodeCount() {
    return open.size();
  }

  private void add(EpisodeRow row) {
    String id = row.episodeId();
    for (String other : new ArrayList<>(complete)) {
      if (!Objects.equals(other, id)) {
        release(other);
      }
    }
    Pending pending = open.computeIfAbsent(id, k -> new Pending(handedOn.get(k)));
    pending.add(row);
    if (pending.isComplete()) {
      complete.add(id);
    } else {
      complete.remove(id);
    }
  }

  private void release(String id) {
    Pending pending = open.remove(id);
    complete.remove(id);
    ready.add(new EpisodeGroup(id, pending.rows, pending.earlierLastStep));
    long last =
        pending.earlierLastStep == null
            ? pending.maxStep
            : Math.max(pending.earlierLastStep, pending.maxStep);
    handedOn.put(id, last);
  }

  /** Rows of one open episode and what is needed to tell when it is complete. */
  private static final class Pending {
    final Long earlierLastStep;
    final List<EpisodeRow> rows = new ArrayList<>();
    final Set<Long> steps = new HashSet<>();
    long maxStep = -1;
    boolean flagAtMax;

    Pending(Long earlierLastStep) {
      this.earlierLastStep = earlierLastStep;
    }

    void add(EpisodeRow row) {
      rows.add(row);
      long step = row.step();
      boolean flag = row.terminal() || row.timeout();
      if (step < 0) {
        return;
      }
      steps.add(step);
      if (step > maxStep) {
        maxStep = step;
        flagAtMax = flag;
      } else if (step == maxStep) {
        flagAtMax |= flag;
      }
    }

    boolean isComplete() {
      // Late rows can never complete an episode: hand them on with the next other-id row.
      return earlierLastStep != null || (flagAtMax && maxStep >= 0 && steps.size() == maxStep + 1);
    }
  }
}

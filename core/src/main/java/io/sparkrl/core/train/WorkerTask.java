package io.sparkrl.core.train;

import java.io.Serial;
import java.io.Serializable;

/**
 * What one worker does in a group: its {@code criticSteps} critic steps, then its {@code
 * actorSteps} actor steps, on its slice of iteration {@code iteration}.
 */
public record WorkerTask(int worker, int iteration, int criticSteps, int actorSteps)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the counts. */
  public WorkerTask {
    if (worker < 0 || iteration < 0 || criticSteps < 1 || actorSteps < 1) {
      throw new IllegalArgumentException(
          "worker task: worker "
              + worker
              + ", iteration "
              + iteration
              + ", "
              + criticSteps
              + " critic and "
              + actorSteps
              + " actor steps");
    }
  }
}

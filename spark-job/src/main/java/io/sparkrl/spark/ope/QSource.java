package io.sparkrl.spark.ope;

import io.sparkrl.core.ope.QFunction;
import java.io.Serializable;

/**
 * A fitted Q-function as it travels to the executors: small and serialisable, opened once per
 * partition into a {@link QFunction} (which holds networks and need not be serialisable).
 */
public interface QSource extends Serializable {

  /** Builds the Q-function; called on an executor, once per partition. */
  QFunction open();
}

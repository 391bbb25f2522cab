package io.sparkrl.spark.ope;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.spark.data.IndexedEpisodes;
import org.apache.spark.broadcast.Broadcast;

/** Fits the Q-function of the direct method, doubly robust and FQE estimators. */
public interface QFitter {

  /**
   * Fits Q^π of {@code model}'s evaluated policy on {@code episodes}.
   *
   * @param model the evaluated model, on the driver
   * @param archive the model's archive, broadcast, to rebuild it on the executors
   * @param request what is evaluated, with the target mode
   * @param gamma the evaluation's discount
   * @param episodes the validated episodes, cached
   * @return the fitted Q-function, ready to travel to the executors
   */
  QSource fit(
      DiscreteAWR model,
      Broadcast<byte[]> archive,
      EvaluationRequest request,
      double gamma,
      IndexedEpisodes episodes);
}

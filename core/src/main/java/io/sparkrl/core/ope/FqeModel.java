package io.sparkrl.core.ope;

import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.datasets.Episode;
import java.io.Serializable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fitted FQE Q-function as values: its network, its parameters, the evaluated model's input
 * building and γ; serialisable, so it can travel to executors and be {@link #open() opened} there.
 *
 * @param spec the network
 * @param params the fitted parameters
 * @param inputs how the evaluated model builds its inputs from an episode's rows
 * @param gamma the discount it was fitted with
 */
public record FqeModel(FqeNetworkSpec spec, float[] params, ObservationBatch inputs, double gamma)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Builds the network; the returned function is for one thread. */
  public QFunction open() {
    MultiLayerNetwork net = spec.build();
    net.params().assign(Nd4j.createFromArray(params).reshape(net.params().shape()));
    double unscale = 1.0 / FqeSteps.valueScale(gamma);
    return new QFunction() {
      @Override
      public int actionSize() {
        return spec.actionSize();
      }

      @Override
      public float[] qValues(Episode episode) {
        int n = episode.length();
        float[] rows = inputs.gatherRows(episode, 0, n);
        float[] q =
            net.output(Nd4j.create(rows, FqeSteps.batchShape(inputs.inputShape(), n), 'c'), false)
                .data()
                .asFloat();
        for (int i = 0; i < q.length; i++) {
          q[i] = (float) (q[i] * unscale);
        }
        return q;
      }
    };
  }
}

package io.sparkrl.core.dynamics;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} defines it (no weight decay, no AMSGrad): per
 * parameter {@code m = β1·m + (1−β1)·g}, {@code v = β2·v + (1−β2)·g²}, {@code p −= lr·m̂ / (√v̂ +
 * ε)} with bias-corrected {@code m̂ = m / (1−β1^t)}, {@code v̂ = v / (1−β2^t)}.
 */
final class Adam {

  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private final INDArray[] first;
  private final INDArray[] second;
  private int step;

  /** Zero moments shaped like {@code parameters}. */
  Adam(List<INDArray> parameters) {
    first = new INDArray[parameters.size()];
    second = new INDArray[parameters.size()];
    for (int i = 0; i < first.length; i++) {
      first[i] = Nd4j.zerosLike(parameters.get(i));
      second[i] = Nd4j.zerosLike(parameters.get(i));
    }
  }

  /** One update of {@code parameters} in place with {@code gradients} of the same shapes. */
  void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate) {
    step++;
    double firstCorrection = 1.0 - Math.pow(BETA1, step);
    double secondCorrection = 1.0 - Math.pow(BETA2, step);
    for (int i = 0; i < first.length; i++) {
      INDArray g = gradients.get(i);
      first[i].muli(BETA1).addi(g.mul(1.0 - BETA1));
      second[i].muli(BETA2).addi(g.mul(g).muli(1.0 - BETA2));
      INDArray denominator = Transforms.sqrt(second[i].div(secondCorrection), false).addi(EPSILON);
      parameters.get(i).subi(first[i].mul(learningRate / firstCorrection).divi(denominator));
    }
  }
}

package io.sparkrl.core.nn;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two output heads of {@link AwrNetworks}, with DL4J's score and output gradient: the score is
 * the loss summed over the mini-batch divided by its rows (MSE also by the outputs), the gradient
 * is not divided by the rows (DL4J's updater does that). Two forms: on ND4J arrays by the same
 * operations in the same order as {@code LossMSE}/{@code LossMCXENT} and {@code BaseOutputLayer},
 * so that both agree bit for bit ({@link ConvStepper}'s head), and on Java arrays for a head of a
 * few outputs ({@link #scoreAndGradient}, {@link DenseStepper}'s), equal up to float rounding.
 */
final class DenseHeadLoss {

  private final boolean softmax;
  private final double clipEps;

  private DenseHeadLoss(boolean softmax, double clipEps) {
    this.softmax = softmax;
    this.clipEps = clipEps;
  }

  /**
   * The head for an output layer's loss and activation: MSE with identity, or multi-class
   * cross-entropy with softmax and class weights all 1; null for anything else.
   */
  static DenseHeadLoss of(ILossFunction loss, IActivation activation) {
    if (loss.getClass() == LossMSE.class
        && ((LossMSE) loss).getWeights() == null
        && activation instanceof ActivationIdentity) {
      return new DenseHeadLoss(false, 0);
    }
    if (loss.getClass() == LossMCXENT.class
        && activation instanceof ActivationSoftmax
        && allOnes(((LossMCXENT) loss).getWeights())) {
      return new DenseHeadLoss(true, ((LossMCXENT) loss).getSoftmaxClipEps());
    }
    return null;
  }

  private static boolean allOnes(INDArray weights) {
    if (weights == null) {
      return false; // DL4J's unweighted softmax gradient p − y assumes rows of labels summing to 1
    }
    for (double w : weights.toDoubleVector()) {
      if (w != 1.0) {
        return false;
      }
    }
    return true;
  }

  /** Scratch arrays of one mini-batch size. */
  static final class Scratch {
    final INDArray scores;
    final INDArray rowSums;
    final INDArray rowSumColumn;
    final INDArray total;

    Scratch(long rows, long outputs) {
      scores = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, outputs}, 'c');
      rowSums = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows}, 'c');
      rowSumColumn = rowSums.reshape(rows, 1);
      total = Nd4j.scalar(DataType.FLOAT, 0f);
    }
  }

  /**
   * DL4J's score of the output layer: the mean loss over the rows of {@code preOutput}.
   *
   * @param preOutput {@code [rows, outputs]} c-ordered pre-activations
   * @param labels {@code [rows, outputs]}
   */
  double score(INDArray preOutput, INDArray labels, Scratch s) {
    INDArray scores = s.scores.assign(preOutput);
    long rows = preOutput.size(0);
    if (softmax) {
      Nd4j.exec(new SoftMax(scores, scores));
      BooleanIndexing.replaceWhere(scores, clipEps, Conditions.lessThan(clipEps));
      BooleanIndexing.replaceWhere(scores, 1.0 - clipEps, Conditions.greaterThan(1.0 - clipEps));
      Transforms.log(scores, false).muli(labels);
      return -sum(scores, s) / rows;
    }
    scores.rsubi(labels);
    scores.muli(scores);
    return sum(scores, s) / preOutput.size(1) / rows;
  }

  /**
   * The gradient of the summed loss with respect to the pre-activations, written over {@code
   * preOutput}: {@code 2·(z − y) / outputs} for MSE, {@code p·Σ_j y_ij − y} for softmax.
   */
  void gradientInPlace(INDArray preOutput, INDArray labels, Scratch s) {
    if (softmax) {
      Nd4j.exec(new SoftMax(preOutput, preOutput));
      labels.sum(s.rowSums, 1);
      preOutput.muliColumnVector(s.rowSumColumn).subi(labels);
      return;
    }
    preOutput.subi(labels).muli(2);
    long outputs = preOutput.size(1);
    if (outputs != 1) {
      preOutput.divi(outputs);
    }
  }

  /**
   * The score and output gradient of a head small enough for Java arrays (what {@link DenseStepper}
   * uses): the bias is added to {@code z}'s rows first, then {@code z} is overwritten by the
   * gradient of the summed loss, as {@link #gradientInPlace}; the score is {@link #score}'s.
   *
   * @param z {@code [rows, outputs]} row-major products {@code x·W} of the output layer
   * @param bias the output layer's bias, {@code outputs} values
   * @param labels {@code [rows, outputs]} row-major
   */
  double scoreAndGradient(float[] z, float[] bias, float[] labels, int rows, int outputs) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * outputs;
      for (int j = 0; j < outputs; j++) {
        z[row + j] += bias[j];
      }
      total += softmax ? softmaxRow(z, labels, row, outputs) : mseRow(z, labels, row, outputs);
    }
    double sum = (float) total; // as DL4J, whose sum over the mini-batch is a FLOAT scalar
    return softmax ? -sum / rows : sum / outputs / rows;
  }

  private static double mseRow(float[] z, float[] labels, int row, int outputs) {
    double sum = 0;
    for (int j = row; j < row + outputs; j++) {
      float diff = z[j] - labels[j];
      sum += diff * diff;
      z[j] = outputs == 1 ? 2f * diff : 2f * diff / outputs;
    }
    return sum;
  }

  private double softmaxRow(float[] z, float[] labels, int row, int outputs) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = row; j < row + outputs; j++) {
      max = Math.max(max, z[j]);
    }
    double norm = 0;
    for (int j = row; j < row + outputs; j++) {
      norm += Math.exp(z[j] - max);
    }
    double labelSum = 0;
    double logLikelihood = 0;
    for (int j = row; j < row + outputs; j++) {
      double p = Math.exp(z[j] - max) / norm;
      double clipped = Math.min(Math.max(p, clipEps), 1.0 - clipEps);
      logLikelihood += labels[j] * Math.log(clipped);
      labelSum += labels[j];
      z[j] = (float) p;
    }
    for (int j = row; j < row + outputs; j++) {
      z[j] = (float) (z[j] * labelSum - labels[j]);
    }
    return logLikelihood;
  }

  private static double sum(INDArray values, Scratch s) {
    Nd4j.getExecutioner().exec(new Sum(values, s.total));
    return s.total.getDouble(0);
  }
}

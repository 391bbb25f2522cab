package io.sparkrl.core.nn;

import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * DiscreteAWR's actor and critic as DL4J networks, built like d3rlpy v0.23's encoders and heads
 * (docs/design.md §1.7), in {@link DataType#FLOAT}, trained with {@link HeavyBallMomentum} and
 * initialised with {@link PyTorchInit}.
 *
 * <ul>
 *   <li>Vector observations {@code [d]}: per hidden width, Dense(activation) then BatchNorm when
 *       {@code useBatchNorm} (after the activation, as d3rlpy).
 *   <li>Image observations {@code [C,H,W]} (NCHW input {@code [N,C,H,W]}): per filter,
 *       Convolution(channels, kernel, stride, no padding, truncate) with the activation (→
 *       BatchNorm), then flatten in c,h,w order → Dense(feature_size, activation) (→ BatchNorm).
 *   <li>Actor head: Dense(action_size) → softmax, loss {@code −Σ_i w_i·log π(a_i|s_i) / N} through
 *       {@link #actorBatch}: the labels are one-hot rows scaled by the weights, {@code y_i = w_i ·
 *       onehot(a_i)}, and the loss is DL4J's multi-class cross-entropy with class weights all 1.
 *       Its score is {@code −Σ_ij y_ij·log p_ij / N} and, only with class weights given, its
 *       softmax gradient is {@code p_i·Σ_j y_ij − y_i = w_i·(p_i − onehot(a_i))}, the exact
 *       gradient (without class weights DL4J uses {@code p − y}, which assumes rows summing to 1).
 *       The weights are not passed as a labels mask: DL4J multiplies a mask into the layers'
 *       activations too, so a non-binary mask changes the forward pass.
 *   <li>Critic head: Dense(1), identity, DL4J's {@link LossMSE}: for one output it is {@code Σ_i
 *       (V_i − G_i)² / N}, PyTorch's {@code F.mse_loss}, with no ½ factor.
 * </ul>
 *
 * <p>BatchNorm uses PyTorch's defaults: eps {@value #BATCH_NORM_EPS}, running statistics updated as
 * {@code running = decay·running + (1 − decay)·batch} with decay {@value #BATCH_NORM_DECAY}
 * (PyTorch momentum 0.1). {@code fit} runs in training mode (batch statistics); {@code output(x,
 * false)} in inference mode (running statistics). One known difference: DL4J folds the biased batch
 * variance into the running variance, PyTorch the unbiased one (a factor N/(N−1) on the batch
 * variance); the normalisation during training is the same (biased) in both.
 */
public final class AwrNetworks {

  /** PyTorch's BatchNorm eps. */
  public static final double BATCH_NORM_EPS = 1e-5;

  /**
   * The most parameters one network may have (256 MiB of float32), checked on the configuration
   * before any array is allocated, so a forged {@code params.json} cannot ask for terabytes.
   */
  public static final long MAX_PARAMETERS = 1L << 26;

  /** DL4J's decay for PyTorch's BatchNorm momentum 0.1. */
  public static final double BATCH_NORM_DECAY = 0.9;

  /**
   * Probabilities are clipped to [eps, 1 − eps] before the log in the actor's score, as PyTorch's
   * {@code Categorical(probs=…)} does with float32's machine epsilon: log-probs stay above ≈ −15.9.
   */
  public static final double LOG_PROB_CLIP_EPS = Math.ulp(1.0f);

  private AwrNetworks() {}

  /**
   * The actor π(a|s): softmax over {@code actionSize} actions, output {@code [N, actionSize]}.
   *
   * @param observationShape {@code [d]} for vectors or {@code [C, H, W]} for images (C already
   *     multiplied by n_frames)
   * @param actionSize number of discrete actions, ≥ 1
   * @param p encoder parameters; null fields take their defaults
   * @param useBatchNorm BatchNorm after each hidden activation
   * @param learningRate SGD step size
   * @param momentum heavy-ball momentum in [0, 1)
   * @param seed seed of the initial parameters
   * @return an initialised network
   * @throws IllegalArgumentException for a bad shape, action count, learning rate or momentum
   */
  public static MultiLayerNetwork actor(
      int[] observationShape,
      int actionSize,
      EncoderParams p,
      boolean useBatchNorm,
      double learningRate,
      double momentum,
      long seed) {
    if (actionSize < 1) {
      throw new IllegalArgumentException("action size must be >= 1, got " + actionSize);
    }
    OutputLayer head =
        new OutputLayer.Builder(
                new LossMCXENT(LOG_PROB_CLIP_EPS, Nd4j.ones(DataType.FLOAT, actionSize)))
            .nOut(actionSize)
            .activation(Activation.SOFTMAX)
            .build();
    return build(
        observationShape,
        p,
        useBatchNorm,
        new HeavyBallMomentum(learningRate, momentum),
        seed,
        head);
  }

  /**
   * The critic V(s): output {@code [N, 1]}. Parameters as for {@link #actor}, without the action
   * count.
   *
   * @return an initialised network
   */
  public static MultiLayerNetwork critic(
      int[] observationShape,
      EncoderParams p,
      boolean useBatchNorm,
      double learningRate,
      double momentum,
      long seed) {
    OutputLayer head =
        new OutputLayer.Builder(new LossMSE()).nOut(1).activation(Activation.IDENTITY).build();
    return build(
        observationShape,
        p,
        useBatchNorm,
        new HeavyBallMomentum(learningRate, momentum),
        seed,
        head);
  }

  /**
   * The action-value network Q(s, ·) of fitted Q evaluation: the encoder of {@link #critic} with a
   * linear head of {@code actionSize} outputs, trained with Adam (d3rlpy's {@code DiscreteFQE}
   * optimiser) on a mean squared error. Output {@code [N, actionSize]}.
   *
   * @return an initialised network
   */
  public static MultiLayerNetwork qFunction(
      int[] observationShape, int actionSize, EncoderParams p, double learningRate, long seed) {
    if (actionSize < 1) {
      throw new IllegalArgumentException("action size must be >= 1, got " + actionSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
    OutputLayer head =
        new OutputLayer.Builder(new LossMSE())
            .nOut(actionSize)
            .activation(Activation.IDENTITY)
            .build();
    return build(observationShape, p, false, new Adam(learningRate), seed, head);
  }

  /**
   * An actor mini-batch: labels {@code [N, actionSize]} holding {@code weights[i]} at column {@code
   * actions[i]} of row i and 0 elsewhere, so that fitting it minimises {@code −Σ_i w_i·log
   * π(a_i|s_i) / N} (see the class comment). No mask.
   *
   * @param observations {@code [N, …]} in the network's input shape
   * @param actions N actions in [0, actionSize)
   * @param weights N advantage weights
   * @throws IllegalArgumentException if the lengths disagree or an action is out of range
   */
  public static DataSet actorBatch(
      INDArray observations, int[] actions, float[] weights, int actionSize) {
    long n = observations.size(0);
    if (actions.length != n || weights.length != n) {
      throw new IllegalArgumentException(
          "actor batch: "
              + n
              + " observations but "
              + actions.length
              + " actions and "
              + weights.length
              + " weights");
    }
    INDArray labels = Nd4j.zeros(DataType.FLOAT, n, actionSize);
    for (int i = 0; i < actions.length; i++) {
      if (actions[i] < 0 || actions[i] >= actionSize) {
        throw new IllegalArgumentException(
            "actor batch, row "
                + i
                + ": action "
                + actions[i]
                + " is outside [0, "
                + actionSize
                + ")");
      }
      labels.putScalar(i, actions[i], weights[i]);
    }
    return new DataSet(floatInput(observations), labels);
  }

  /**
   * A critic mini-batch: targets {@code returns} as labels {@code [N, 1]}.
   *
   * @param observations {@code [N, …]} in the network's input shape
   * @param returns N λ-returns
   * @throws IllegalArgumentException if the lengths disagree
   */
  public static DataSet criticBatch(INDArray observations, float[] returns) {
    long n = observations.size(0);
    if (returns.length != n) {
      throw new IllegalArgumentException(
          "critic batch: " + n + " observations but " + returns.length + " returns");
    }
    return new DataSet(floatInput(observations), Nd4j.create(returns, new long[] {n, 1}, 'c'));
  }

  private static INDArray floatInput(INDArray observations) {
    return observations.dataType() == DataType.FLOAT
        ? observations
        : observations.castTo(DataType.FLOAT);
  }

  private static MultiLayerNetwork build(
      int[] observationShape,
      EncoderParams p,
      boolean useBatchNorm,
      IUpdater updater,
      long seed,
      OutputLayer head) {
    EncoderParams params = p == null ? EncoderParams.DEFAULTS : p;
    Activation activation = activation(params.activationOrDefault());
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(updater)
            .weightInit(WeightInit.XAVIER) // replaced by PyTorchInit below
            .list();
    InputType inputType;
    if (observationShape != null && observationShape.length == 1 && observationShape[0] >= 1) {
      inputType = InputType.feedForward(observationShape[0]);
      for (int units : params.hiddenUnitsOrDefault()) {
        list.layer(new DenseLayer.Builder().nOut(units).activation(activation).build());
        addBatchNorm(list, useBatchNorm);
      }
    } else if (observationShape != null
        && observationShape.length == 3
        && Arrays.stream(observationShape).allMatch(d -> d >= 1)) {
      inputType =
          InputType.convolutional(
              observationShape[1], observationShape[2], observationShape[0], CNN2DFormat.NCHW);
      for (ConvFilter f : params.filtersOrDefault()) {
        list.layer(
            new ConvolutionLayer.Builder(f.kernel(), f.kernel())
                .stride(f.stride(), f.stride())
                .padding(0, 0)
                .convolutionMode(ConvolutionMode.Truncate)
                .dataFormat(CNN2DFormat.NCHW)
                .nOut(f.channels())
                .activation(activation)
                .build());
        addBatchNorm(list, useBatchNorm);
      }
      list.layer(
          new DenseLayer.Builder()
              .nOut(params.featureSizeOrDefault())
              .activation(activation)
              .build());
      addBatchNorm(list, useBatchNorm);
    } else {
      throw new IllegalArgumentException(
          "observation shape must be [d] or [C, H, W] with positive sizes, got "
              + Arrays.toString(observationShape));
    }
    list.layer(head);
    MultiLayerConfiguration conf = list.setInputType(inputType).build();
    checkSize(conf, observationShape);
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    PyTorchInit.apply(net, seed);
    return net;
  }

  private static void checkSize(MultiLayerConfiguration conf, int[] observationShape) {
    long parameters = 0;
    for (NeuralNetConfiguration layer : conf.getConfs()) {
      parameters = Math.addExact(parameters, layer.getLayer().initializer().numParams(layer));
    }
    if (parameters > MAX_PARAMETERS) {
      throw new IllegalArgumentException(
          "observation shape "
              + Arrays.toString(observationShape)
              + " with these encoder_params gives a network of "
              + parameters
              + " parameters, more than the "
              + MAX_PARAMETERS
              + " a sparkrl network may have");
    }
  }

  private static void addBatchNorm(NeuralNetConfiguration.ListBuilder list, boolean useBatchNorm) {
    if (useBatchNorm) {
      list.layer(
          new BatchNormalization.Builder()
              .eps(BATCH_NORM_EPS)
              .decay(BATCH_NORM_DECAY)
              .useLogStd(false)
              .build());
    }
  }

  /** DL4J's activation for a d3rlpy activation type; SWISH is x·sigmoid(x). */
  static Activation activation(ActivationType type) {
    return switch (type) {
      case RELU -> Activation.RELU;
      case SWISH -> Activation.SWISH;
    };
  }
}

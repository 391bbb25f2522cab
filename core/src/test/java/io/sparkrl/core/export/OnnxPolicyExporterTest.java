package io.sparkrl.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The exported ONNX policy, run by ONNX Runtime, picks exactly the actions that DL4J's own forward
 * pass (inference mode, on the scaled observations computed here in Java) ranks highest.
 */
class OnnxPolicyExporterTest {

  private static final int SAMPLES = 1000;
  private static final int IMAGE_CHUNK = 125;
  private static final float PROBABILITY_TOLERANCE = 1e-4f;

  private static OrtEnvironment env;
  private static OrtSession.SessionOptions options;

  @TempDir Path dir;

  @BeforeAll
  static void startOrt() {
    env = OrtEnvironment.getEnvironment();
    options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot limit ONNX Runtime to one thread", e);
    }
  }

  @AfterAll
  static void stopOrt() {
    options.close();
    env.close();
  }

  @Test
  void vectorPolicyWithStandardisationGivesTheJvmActions() throws Exception {
    int obs = 4;
    MultiLayerNetwork net = vectorPolicy(obs, 2);
    Random random = new Random(11);
    float[] mean = {3f, -2f, 0.5f, 10f};
    float[] std = {2f, 0.5f, 1f, 4f};
    float[][] raw = new float[SAMPLES][obs];
    for (float[] row : raw) {
      for (int j = 0; j < obs; j++) {
        row[j] = mean[j] + std[j] * (float) random.nextGaussian();
      }
    }
    float[] scale = new float[obs];
    float[] offset = new float[obs];
    for (int j = 0; j < obs; j++) {
      scale[j] = 1f / std[j];
      offset[j] = -mean[j] / std[j];
    }
    fitOnScaled(net, raw, scale, offset, new int[] {obs}, 2, random);
    assertThat(net.getLayer(1).getParam("mean").amaxNumber().doubleValue()).isNotZero();

    Path file = dir.resolve("vector_policy.onnx");
    try (OutputStream out = Files.newOutputStream(file)) {
      OnnxPolicyExporter.export(net, new int[] {obs}, scale, offset, out);
    }
    try (OrtSession session = env.createSession(file.toString(), options)) {
      long[] actions = assertMatches(session, net, raw, new long[] {obs}, scale, offset);
      assertThat(LongStream.of(actions).distinct().count()).as("distinct actions").isEqualTo(2);
    }
  }

  @Test
  void imagePolicyWithPixelScalingGivesTheJvmActions() throws Exception {
    int[] shape = {4, 84, 84};
    int size = 4 * 84 * 84;
    MultiLayerNetwork net = imagePolicy(6);
    Random random = new Random(23);
    float[][] raw = new float[SAMPLES][size];
    for (float[] row : raw) {
      for (int j = 0; j < size; j++) {
        row[j] = random.nextInt(256);
      }
    }
    float[] scale = new float[size];
    Arrays.fill(scale, 1f / 255f);
    fitOnScaled(net, raw, scale, null, shape, 6, random);
    assertThat(net.getLayer(1).getParam("mean").amaxNumber().doubleValue()).isNotZero();

    byte[] model = OnnxPolicyExporter.toModel(net, shape, scale, null, true);
    try (OrtSession session = env.createSession(model, options)) {
      assertThat(session.getInputNames()).containsExactly(OnnxPolicyExporter.INPUT_NAME);
      LongStream.Builder actions = LongStream.builder();
      for (int from = 0; from < SAMPLES; from += IMAGE_CHUNK) {
        float[][] chunk = Arrays.copyOfRange(raw, from, from + IMAGE_CHUNK);
        LongStream.of(assertMatches(session, net, chunk, new long[] {4, 84, 84}, scale, null))
            .forEach(actions::add);
      }
      assertThat(actions.build().distinct().count()).as("distinct greedy actions").isGreaterThan(1);
    }
  }

  @Test
  void withoutScalerTheNetworkOutputMatchesTheJvmProbabilities() throws Exception {
    MultiLayerNetwork net = vectorPolicy(4, 3);
    Random random = new Random(5);
    float[][] raw = new float[200][4];
    for (float[] row : raw) {
      for (int j = 0; j < 4; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    fitOnScaled(net, raw, null, null, new int[] {4}, 3, random);
    byte[] model = OnnxPolicyExporter.toModel(net, new int[] {4}, null, null, true);
    try (OrtSession session = env.createSession(model, options)) {
      assertThat(session.getOutputNames())
          .containsExactly(OnnxPolicyExporter.OUTPUT_NAME, OnnxPolicyExporter.NETWORK_OUTPUT_NAME);
      assertMatches(session, net, raw, new long[] {4}, null, null);
    }
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    OnnxPolicyExporter.export(net, new int[] {4}, null, null, plain);
    try (OrtSession session = env.createSession(plain.toByteArray(), options)) {
      assertThat(session.getOutputNames()).containsExactly(OnnxPolicyExporter.OUTPUT_NAME);
    }
  }

  /** d3rlpy's vector encoder with batch norm: Dense(64, relu), BN, Dense(64, swish), softmax. */
  static MultiLayerNetwork vectorPolicy(int obs, int actions) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .updater(new Adam(1e-2))
            .list()
            .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new DenseLayer.Builder().nOut(64).activation(Activation.SWISH).build())
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(actions)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.feedForward(obs))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** d3rlpy's pixel encoder (Nature DQN) with batch norm after the first convolution. */
  static MultiLayerNetwork imagePolicy(int actions) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(7)
            .updater(new Adam(1e-3))
            .list()
            .layer(conv(32, 8, 4))
            .layer(new BatchNormalization.Builder().build())
            .layer(conv(64, 4, 2))
            .layer(conv(64, 3, 1))
            .layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build())
            .layer(
                new OutputLayer.Builder(LossFunction.MCXENT)
                    .nOut(actions)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.convolutional(84, 84, 4))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static ConvolutionLayer conv(int filters, int kernel, int stride) {
    return new ConvolutionLayer.Builder(kernel, kernel)
        .stride(stride, stride)
        .nOut(filters)
        .activation(Activation.RELU)
        .build();
  }

  /** A few training steps on random labels, so batch norm's running statistics move. */
  private static void fitOnScaled(
      MultiLayerNetwork net,
      float[][] raw,
      float[] scale,
      float[] offset,
      int[] shape,
      int actions,
      Random random) {
    int batch = 32;
    for (int step = 0; step < 5; step++) {
      float[][] rows = new float[batch][];
      INDArray labels = Nd4j.zeros(batch, actions);
      for (int r = 0; r < batch; r++) {
        rows[r] = raw[random.nextInt(raw.length)];
        labels.putScalar(r, random.nextInt(actions), 1.0);
      }
      net.fit(scaled(rows, shape, scale, offset), labels);
    }
  }

  /** The scaler applied in Java, element by element, reshaped to {@code [N, ...shape]}. */
  static INDArray scaled(float[][] raw, int[] shape, float[] scale, float[] offset) {
    float[][] y = new float[raw.length][];
    for (int r = 0; r < raw.length; r++) {
      y[r] = raw[r].clone();
      for (int j = 0; j < y[r].length; j++) {
        if (scale != null) {
          y[r][j] = y[r][j] * scale[j];
        }
        if (offset != null) {
          y[r][j] = y[r][j] + offset[j];
        }
      }
    }
    long[] full = new long[shape.length + 1];
    full[0] = raw.length;
    for (int i = 0; i < shape.length; i++) {
      full[i + 1] = shape[i];
    }
    return Nd4j.create(y).reshape('c', full);
  }

  /**
   * Asserts that the session's actions are those of {@code net} on the scaled observations, and,
   * when the session has the extra network output, that its values are close to DL4J's; returns the
   * actions.
   */
  private static long[] assertMatches(
      OrtSession session,
      MultiLayerNetwork net,
      float[][] raw,
      long[] shape,
      float[] scale,
      float[] offset)
      throws OrtException {
    int[] intShape = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    INDArray probabilities = net.output(scaled(raw, intShape, scale, offset), false);
    long[] expected = probabilities.argMax(1).toLongVector();
    try (OnnxTensor in = tensor(raw, shape);
        OrtSession.Result result = session.run(Map.of(OnnxPolicyExporter.INPUT_NAME, in))) {
      long[] actions = (long[]) result.get(OnnxPolicyExporter.OUTPUT_NAME).orElseThrow().getValue();
      assertThat(actions).containsExactly(expected);
      if (result.size() > 1) {
        float[][] output = (float[][]) result.get(1).getValue();
        for (int r = 0; r < raw.length; r++) {
          for (int a = 0; a < output[r].length; a++) {
            assertThat(output[r][a])
                .as("row %d action %d", r, a)
                .isCloseTo(probabilities.getFloat(r, a), within(PROBABILITY_TOLERANCE));
          }
        }
      }
      return actions;
    }
  }

  private static OnnxTensor tensor(float[][] raw, long[] shape) throws OrtException {
    FloatBuffer buffer = FloatBuffer.allocate(raw.length * raw[0].length);
    for (float[] row : raw) {
      buffer.put(row);
    }
    buffer.flip();
    long[] full = new long[shape.length + 1];
    full[0] = raw.length;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return OnnxTensor.createTensor(env, buffer, full);
  }
}

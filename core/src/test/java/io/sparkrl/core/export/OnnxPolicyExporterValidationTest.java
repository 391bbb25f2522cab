package io.sparkrl.core.export;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** What the exporter refuses, and that the message says where. */
class OnnxPolicyExporterValidationTest {

  private static final int[] VECTOR = {4};

  @Test
  void refusesAnUnsupportedLayerNamingItsIndexAndType() {
    MultiLayerNetwork net = vectorNet(new DropoutLayer.Builder(0.5).build(), Activation.RELU);
    assertThatThrownBy(() -> export(net, VECTOR, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 1 (DropoutLayer)");
  }

  @Test
  void refusesAnUnsupportedActivation() {
    MultiLayerNetwork net = vectorNet(null, Activation.TANH);
    assertThatThrownBy(() -> export(net, VECTOR, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 0 (DenseLayer)")
        .hasMessageContaining("activation");
  }

  @Test
  void refusesPaddedOrSameModeConvolutions() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(
                new ConvolutionLayer.Builder(3, 3)
                    .convolutionMode(ConvolutionMode.Same)
                    .nOut(2)
                    .activation(Activation.RELU)
                    .build())
            .layer(output())
            .setInputType(InputType.convolutional(8, 8, 1))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    assertThatThrownBy(() -> export(net, new int[] {1, 8, 8}, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 0 (ConvolutionLayer)")
        .hasMessageContaining("Same");
  }

  @Test
  void refusesAnObservationShapeTheNetworkDoesNotTake() {
    MultiLayerNetwork net = vectorNet(null, Activation.RELU);
    assertThatThrownBy(() -> export(net, new int[] {5}, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 0 (DenseLayer)")
        .hasMessageContaining("[N, 4]");
  }

  @Test
  void refusesScalersOfTheWrongSizeOrNotFinite() {
    MultiLayerNetwork net = vectorNet(null, Activation.RELU);
    assertThatThrownBy(() -> export(net, VECTOR, new float[3], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale has 3 elements, the observation has 4");
    assertThatThrownBy(() -> export(net, VECTOR, null, new float[] {0, 0, Float.NaN, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset[2] is not finite: NaN");
    assertThatThrownBy(() -> export(net, new int[] {4, 0}, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 1 must be positive");
  }

  private static void export(MultiLayerNetwork net, int[] shape, float[] scale, float[] offset)
      throws Exception {
    OnnxPolicyExporter.export(net, shape, scale, offset, new ByteArrayOutputStream());
  }

  /** Dense(8, activation), then {@code middle} when given, then a softmax output. */
  private static MultiLayerNetwork vectorNet(Layer middle, Activation activation) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .list()
            .layer(new DenseLayer.Builder().nOut(8).activation(activation).build());
    if (middle != null) {
      list.layer(middle);
    }
    MultiLayerNetwork net =
        new MultiLayerNetwork(list.layer(output()).setInputType(InputType.feedForward(4)).build());
    net.init();
    return net;
  }

  private static OutputLayer output() {
    return new OutputLayer.Builder(LossFunction.MCXENT)
        .nOut(2)
        .activation(Activation.SOFTMAX)
        .build();
  }
}

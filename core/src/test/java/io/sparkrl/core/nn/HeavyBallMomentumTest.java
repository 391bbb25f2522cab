package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

class HeavyBallMomentumTest {

  private static final double LR = 0.05;
  private static final double MU = 0.9;

  private static MultiLayerConfiguration tinyConf() {
    return new NeuralNetConfiguration.Builder()
        .seed(7)
        .dataType(DataType.DOUBLE)
        .updater(new HeavyBallMomentum(LR, MU))
        .list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(
            new OutputLayer.Builder(new LossMSE())
                .nIn(4)
                .nOut(2)
                .activation(Activation.IDENTITY)
                .build())
        .build();
  }

  private static DataSet batch(int n) {
    Nd4j.getRandom().setSeed(11);
    return new DataSet(
        Nd4j.rand(DataType.DOUBLE, n, 3).subi(0.5), Nd4j.rand(DataType.DOUBLE, n, 2));
  }

  /** Gradient of the mean loss, as DL4J's loss computes it (summed over rows, so divided by N). */
  private static INDArray meanLossGradient(MultiLayerNetwork net, DataSet ds) {
    net.setInput(ds.getFeatures());
    net.setLabels(ds.getLabels());
    net.computeGradientAndScore();
    return net.gradient().gradient().dup().divi(ds.numExamples());
  }

  @Test
  void threeStepsFollowPyTorchsRecursion() {
    MultiLayerNetwork net = new MultiLayerNetwork(tinyConf());
    net.init();
    DataSet ds = batch(5);
    INDArray expected = net.params().dup();
    INDArray buf = Nd4j.zeros(DataType.DOUBLE, expected.shape());
    for (int step = 0; step < 3; step++) {
      INDArray g = meanLossGradient(net, ds);
      buf.muli(MU).addi(g);
      expected.subi(buf.mul(LR));
      net.fit(ds);
      assertThat(maxAbsDiff(net.params(), expected)).as("step %d", step).isLessThan(1e-12);
    }
    // first step is p -= lr·g: the buffer started at zero
    assertThat(net.getUpdater().getStateViewArray().length()).isEqualTo(net.numParams());
    assertThat(maxAbsDiff(net.getUpdater().getStateViewArray(), buf)).isLessThan(1e-12);
  }

  @Test
  void meanLossGradientMatchesFiniteDifferences() {
    // guards the "divide by N" used above against a direct numerical derivative of score()
    MultiLayerNetwork net = new MultiLayerNetwork(tinyConf());
    net.init();
    DataSet ds = batch(5);
    INDArray g = meanLossGradient(net, ds);
    INDArray p = net.params().dup();
    double h = 1e-6;
    for (int i = 0; i < p.length(); i++) {
      INDArray plus = p.dup();
      plus.putScalar(i, p.getDouble(i) + h);
      net.setParams(plus);
      double up = net.score(ds, false);
      INDArray minus = p.dup();
      minus.putScalar(i, p.getDouble(i) - h);
      net.setParams(minus);
      double down = net.score(ds, false);
      assertThat(g.getDouble(i)).as("param %d", i).isCloseTo((up - down) / (2 * h), within(1e-6));
    }
  }

  @Test
  void configurationRoundTripsThroughJson() {
    MultiLayerConfiguration conf = tinyConf();
    String json = conf.toJson();
    assertThat(json).contains(HeavyBallMomentum.class.getName());
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
    assertThat(back).isEqualTo(conf);
    assertThat(
            ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer())
                .getIUpdater())
        .isEqualTo(new HeavyBallMomentum(LR, MU));
  }

  @Test
  void modelSerializerKeepsTheMomentumBuffer(@TempDir Path dir) throws Exception {
    MultiLayerNetwork net = new MultiLayerNetwork(tinyConf());
    net.init();
    DataSet ds = batch(4);
    net.fit(ds);
    File file = dir.resolve("net.zip").toFile();
    ModelSerializer.writeModel(net, file, true);
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
    assertThat(restored.getUpdater().getStateViewArray())
        .isEqualTo(net.getUpdater().getStateViewArray());
    net.fit(ds);
    restored.fit(ds);
    assertThat(maxAbsDiff(restored.params(), net.params())).isLessThan(1e-12);
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> new HeavyBallMomentum(0, 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> new HeavyBallMomentum(0.1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("momentum");
  }

  private static org.assertj.core.data.Offset<Double> within(double v) {
    return org.assertj.core.data.Offset.offset(v);
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    return a.castTo(DataType.DOUBLE)
        .reshape(a.length())
        .sub(b.castTo(DataType.DOUBLE).reshape(b.length()))
        .amaxNumber()
        .doubleValue();
  }
}

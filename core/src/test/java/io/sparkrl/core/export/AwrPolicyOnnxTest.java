package io.sparkrl.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkrl.core.config.ActivationType;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.core.nn.AwrNetworks;
import io.sparkrl.core.preprocessing.ObservationScaler;
import io.sparkrl.core.preprocessing.ObservationScalers;
import io.sparkrl.core.preprocessing.PixelScaler;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pieces together: a sparkrl actor (batch norm, trained a few steps) with a scaler fitted on
 * generated episodes, exported to ONNX, gives exactly the JVM's greedy actions in ONNX Runtime.
 */
class AwrPolicyOnnxTest {

  private static final int SAMPLES = 1000;

  @Test
  void vectorActorWithStandardScaler() throws Exception {
    DiscreteEnv env = Environments.create(Environments.CARTPOLE_V0);
    var behaviour = Policies.create(Policies.MIXED, env);
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      episodes.add(EpisodeGenerator.generate(env, behaviour, i, "" + i));
    }
    ObservationScaler scaler = ObservationScalers.fit(ScalerSpec.of(ScalerType.STANDARD), episodes);
    List<float[]> rows = new ArrayList<>();
    List<Integer> actions = new ArrayList<>();
    for (Episode e : episodes) {
      for (int t = 0; t < e.length() && rows.size() < SAMPLES; t++) {
        rows.add(e.observation(t));
        actions.add(e.action(t));
      }
    }
    float[] raw = flatten(rows, 4);
    MultiLayerNetwork actor =
        AwrNetworks.actor(
            new int[] {4},
            2,
            new EncoderParams(List.of(64, 64), null, null, ActivationType.SWISH),
            true,
            1e-2,
            0.9,
            7);
    INDArray scaled = scaled(scaler, raw, rows.size(), new long[] {rows.size(), 4});
    float[] weights = new float[rows.size()];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextDouble(0, 20);
    }
    int[] a = actions.stream().mapToInt(Integer::intValue).toArray();
    for (int step = 0; step < 20; step++) {
      actor.fit(AwrNetworks.actorBatch(scaled, a, weights, 2));
    }
    assertSameActions(actor, scaler, raw, new long[] {rows.size(), 4}, scaled);
  }

  @Test
  void imageActorWithPixelScalerAndFourFrames() throws Exception {
    int[] frame = {1, 84, 84};
    PixelScaler scaler = new PixelScaler(frame, 4);
    int size = 4 * 84 * 84;
    SplittableRandom random = new SplittableRandom(11);
    float[] raw = new float[SAMPLES * size];
    int[] patch = new int[SAMPLES];
    for (int n = 0; n < SAMPLES; n++) {
      patch[n] = random.nextInt(3);
      for (int j = 0; j < size; j++) {
        int x = j % 84;
        boolean inPatch = x / 28 == patch[n] && (j / 84) % 84 >= 30 && (j / 84) % 84 < 54;
        raw[n * size + j] = inPatch ? 255 : random.nextInt(64);
      }
    }
    MultiLayerNetwork actor =
        AwrNetworks.actor(new int[] {4, 84, 84}, 3, EncoderParams.DEFAULTS, true, 1e-2, 0.9, 5);
    long[] shape = {SAMPLES, 4, 84, 84};
    INDArray scaled = scaled(scaler, raw, SAMPLES, shape);
    INDArray firstBatch = scaled.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 96)).dup();
    float[] weights = new float[96];
    java.util.Arrays.fill(weights, 1f);
    int[] actions = java.util.Arrays.copyOf(patch, 96);
    for (int step = 0; step < 15; step++) {
      actor.fit(AwrNetworks.actorBatch(firstBatch, actions, weights, 3));
    }
    assertSameActions(actor, scaler, raw, shape, scaled);
  }

  private static INDArray scaled(ObservationScaler scaler, float[] raw, int rows, long[] shape) {
    float[] copy = raw.clone();
    scaler.transform(copy, rows);
    return Nd4j.create(copy, shape, 'c');
  }

  private static void assertSameActions(
      MultiLayerNetwork actor, ObservationScaler scaler, float[] raw, long[] shape, INDArray scaled)
      throws Exception {
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    int[] observationShape = new int[shape.length - 1];
    for (int i = 1; i < shape.length; i++) {
      observationShape[i - 1] = (int) shape[i];
    }
    OnnxPolicyExporter.export(actor, observationShape, scaler.scale(), scaler.offset(), model);
    long[] jvm = new long[(int) shape[0]];
    int chunk = 100;
    for (int start = 0; start < jvm.length; start += chunk) {
      int end = Math.min(jvm.length, start + chunk);
      INDArray probs =
          actor.output(
              scaled.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end)), false);
      INDArray argmax = probs.argMax(1);
      for (int i = start; i < end; i++) {
        jvm[i] = argmax.getLong(i - start);
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] onnx = new long[jvm.length];
    int perRow = (int) (raw.length / shape[0]);
    try (OrtSession session =
        env.createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
      for (int start = 0; start < onnx.length; start += chunk) {
        int end = Math.min(onnx.length, start + chunk);
        long[] chunkShape = shape.clone();
        chunkShape[0] = (long) end - start;
        FloatBuffer input =
            FloatBuffer.wrap(raw, Math.multiplyExact(start, perRow), (end - start) * perRow)
                .slice();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, chunkShape);
            OrtSession.Result result = session.run(Map.of(OnnxPolicyExporter.INPUT_NAME, tensor))) {
          long[] out = (long[]) result.get(0).getValue();
          System.arraycopy(out, 0, onnx, start, out.length);
        }
      }
    }
    assertThat(onnx).containsExactly(jvm);
    assertThat(java.util.Arrays.stream(jvm).distinct().count())
        .as("distinct actions")
        .isGreaterThan(1);
  }

  private static float[] flatten(List<float[]> rows, int width) {
    float[] out = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, out, i * width, width);
    }
    return out;
  }
}

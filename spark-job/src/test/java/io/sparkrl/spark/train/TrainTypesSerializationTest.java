package io.sparkrl.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.EpochPermutation;
import io.sparkrl.core.algo.LearnerState;
import io.sparkrl.core.algo.LearnerStateAverage;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.config.AugmentationSpec;
import io.sparkrl.core.config.AugmentationType;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.preprocessing.PixelScaler;
import io.sparkrl.core.returns.BatchMoments;
import io.sparkrl.spark.SparkSerializers;
import java.util.List;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;

/** What stage 2 sends to and from executors survives Spark's Kryo and Java serialisers. */
class TrainTypesSerializationTest {

  @Test
  void setupStatesAndAveragesRoundTrip() {
    AwrConfig config =
        AwrConfig.builder()
            .nFrames(2)
            .encoderParams(new EncoderParams(null, List.of(new ConvFilter(4, 3, 1)), 16, null))
            .augmentation(List.of(AugmentationSpec.of(AugmentationType.RANDOM_SHIFT)))
            .build();
    AwrLearner learner =
        new AwrLearner(config, new int[] {1, 9, 9}, 3, new PixelScaler(new int[] {1, 9, 9}, 2), 4);
    LearnerSetup setup = LearnerSetup.of("run", learner, new int[] {1, 9, 9}, 1);
    LearnerState state = learner.state();
    for (SerializerInstance s : SparkSerializers.BOTH) {
      LearnerSetup back = SparkSerializers.roundTrip(s, setup);
      assertThat(back.config()).isEqualTo(config);
      assertThat(back.observationShape()).containsExactly(1, 9, 9);
      AwrLearner rebuilt = back.newLearner();
      rebuilt.setState(SparkSerializers.roundTrip(s, state));
      assertThat(rebuilt.state().actor().params()).containsExactly(state.actor().params());

      LearnerStateAverage avg =
          SparkSerializers.roundTrip(s, new LearnerStateAverage().add(state, 2, 1));
      avg.add(state, 4, 1);
      assertThat(avg.meanLoss()).isEqualTo(3.0);
      assertThat(avg.average().critic().params()).containsExactly(state.critic().params());
      assertThat(
              SparkSerializers.roundTrip(s, new NetworkState(new float[] {1}, new float[0]))
                  .params())
          .containsExactly(1f);
    }
  }

  @Test
  void slicesAndAssignmentsRoundTrip() {
    BatchAssignment assignment = new BatchAssignment(new EpochPermutation(100, 9), 10, 3, 2, 5);
    IterationSlice slice =
        new IterationSlice(
                3, 1, 2, new float[] {1, 2}, new int[] {1}, new float[] {2}, new float[] {1}, null)
            .withWeights(new BatchMoments().add(new float[] {1, 3}), 1.0, 20.0);
    for (SerializerInstance s : SparkSerializers.BOTH) {
      BatchAssignment a = SparkSerializers.roundTrip(s, assignment);
      for (long i = 0; i < 100; i++) {
        assertThat(a.place(i)).isEqualTo(assignment.place(i));
      }
      IterationSlice back = SparkSerializers.roundTrip(s, slice);
      assertThat(back.iteration()).isEqualTo(3);
      assertThat(back.worker()).isEqualTo(1);
      assertThat(back.weights()).containsExactly(slice.weights());
      assertThat(
              SparkSerializers.roundTrip(
                      s, new IterationSlices.SliceRow(1, 2, new float[] {3}, 4, 5, 6))
                  .obs)
          .containsExactly(3f);
    }
  }
}

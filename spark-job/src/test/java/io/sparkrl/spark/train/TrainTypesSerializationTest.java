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
import io.sparkrl.core.train.GroupPlan;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.core.train.RoundPlacement;
import io.sparkrl.core.train.TaskOutcome;
import io.sparkrl.core.train.WorkerSlice;
import io.sparkrl.core.train.WorkerSteps;
import io.sparkrl.core.train.WorkerTask;
import io.sparkrl.spark.SparkSerializers;
import java.util.List;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;

/** What the training sends to and from executors survives Spark's Kryo and Java serialisers. */
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
  void slicesPlacementsGroupsAndOutcomesRoundTrip() {
    RoundPlacement placement =
        new RoundPlacement(new EpochPermutation(100, 9), 10, 3, ParallelMode.STEPS, 2, 5);
    WorkerSlice slice =
        new WorkerSlice(
                3, 1, 2, new float[] {1, 2}, new int[] {1}, new float[] {2}, new float[] {1}, null)
            .withWeights(new BatchMoments().add(new float[] {1, 3}), 1.0, 20.0);
    GroupPlan group =
        new GroupPlan(4, 7, List.of(new WorkerTask(0, 3, 5, 6), new WorkerTask(1, 4, 5, 6)), 8, 2);
    LearnerState state =
        new LearnerState(
            new NetworkState(new float[] {1, 2}, new float[] {3}),
            new NetworkState(new float[] {4}, new float[] {5, 6}));
    TaskOutcome outcome = new TaskOutcome(1, 4, 0.5, 5, 1.5, 6, 10, 20, state);
    for (SerializerInstance s : SparkSerializers.BOTH) {
      RoundPlacement p = SparkSerializers.roundTrip(s, placement);
      for (long i = 0; i < 100; i++) {
        assertThat(p.place(i)).isEqualTo(placement.place(i));
      }
      WorkerSlice back = SparkSerializers.roundTrip(s, slice);
      assertThat(back.iteration()).isEqualTo(3);
      assertThat(back.worker()).isEqualTo(1);
      assertThat(back.weights()).containsExactly(slice.weights());
      assertThat(SparkSerializers.roundTrip(s, group)).isEqualTo(group);
      TaskOutcome o = SparkSerializers.roundTrip(s, outcome);
      assertThat(o.actorLossSum()).isEqualTo(1.5);
      assertThat(o.finalState().critic().updaterState()).containsExactly(5, 6);
      WorkerSteps.PeriodOutcome period =
          SparkSerializers.roundTrip(s, new WorkerSteps.PeriodOutcome(2, state.actor(), 0.25, 7));
      assertThat(period.state().params()).containsExactly(1, 2);
      assertThat(
              SparkSerializers.roundTrip(
                      s, new RoundSlices.SliceRow(1, 2, new float[] {3}, 4, 5, 6))
                  .obs)
          .containsExactly(3f);
      SparkBackend.SliceValue<BatchMoments> moments =
          SparkSerializers.roundTrip(
              s, new SparkBackend.SliceValue<>(3, 1, new BatchMoments().add(new float[] {2, 4})));
      assertThat(moments.value.mean()).isEqualTo(3.0);
      assertThat(SparkSerializers.roundTrip(s, new RendezvousServer.Address("h", 5, "t")).port())
          .isEqualTo(5);
    }
  }
}

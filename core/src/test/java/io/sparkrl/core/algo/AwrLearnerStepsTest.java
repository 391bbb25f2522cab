package io.sparkrl.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.EncoderParams;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The protocol of a parameter-averaging worker with one worker: the steps of an iteration run a few
 * at a time, each chunk on a learner that only received the previous chunk's {@link LearnerState},
 * give exactly {@link AwrLearner#train}'s parameters.
 */
class AwrLearnerStepsTest {

  private static final int ROWS = 12;
  private static final int MINI_BATCH = 4;

  private static AwrConfig config() {
    return AwrConfig.builder()
        .encoderParams(new EncoderParams(List.of(8, 8), null, null, null))
        .batchSize(ROWS)
        .batchSizePerUpdate(MINI_BATCH)
        .nCriticUpdates(7)
        .nActorUpdates(10)
        .actorLearningRate(0.05)
        .criticLearningRate(0.05)
        .build();
  }

  @Test
  void chunkedStepsThroughStateHandOffEqualOneTrainCall() {
    SplittableRandom r = new SplittableRandom(3);
    float[] obs = new float[ROWS * 3];
    float[] returns = new float[ROWS];
    float[] baselines = new float[ROWS];
    int[] actions = new int[ROWS];
    for (int i = 0; i < obs.length; i++) {
      obs[i] = (float) r.nextDouble(-1, 1);
    }
    for (int i = 0; i < ROWS; i++) {
      returns[i] = (float) r.nextDouble(-2, 2);
      baselines[i] = (float) r.nextDouble(-1, 1);
      actions[i] = r.nextInt(2);
    }
    Targets targets = Targets.of(returns, baselines, 1.0, 20.0);
    AwrConfig config = config();

    AwrLearner whole = new AwrLearner(config, new int[] {3}, 2, null, 5);
    LearnerState initial = whole.state();
    UpdateResult result = whole.train(obs, actions, targets);

    LearnerState state = initial;
    double criticSum = 0;
    for (int first = 0; first < config.nCriticUpdates(); first += 3) {
      AwrLearner worker = new AwrLearner(config, new int[] {3}, 2, null, 99);
      worker.setState(state);
      int steps = Math.min(3, config.nCriticUpdates() - first);
      criticSum +=
          worker.criticSteps(obs, returns, first, steps, MINI_BATCH, new SplittableRandom(1));
      state = new LearnerStateAverage().add(worker.state(), 0, 0).average();
    }
    double actorSum = 0;
    for (int first = 0; first < config.nActorUpdates(); first += 4) {
      AwrLearner worker = new AwrLearner(config, new int[] {3}, 2, null, 77);
      worker.setState(state);
      int steps = Math.min(4, config.nActorUpdates() - first);
      actorSum +=
          worker.actorSteps(
              obs, actions, targets.weights(), first, steps, MINI_BATCH, new SplittableRandom(1));
      state = worker.state();
    }

    LearnerState expected = whole.state();
    assertThat(state.critic().params()).containsExactly(expected.critic().params());
    assertThat(state.critic().updaterState()).containsExactly(expected.critic().updaterState());
    assertThat(state.actor().params()).containsExactly(expected.actor().params());
    assertThat(state.actor().updaterState()).containsExactly(expected.actor().updaterState());
    assertThat(criticSum / config.nCriticUpdates()).isEqualTo(result.criticLoss());
    assertThat(actorSum / config.nActorUpdates()).isEqualTo(result.actorLoss());
    assertThat(expected.critic().updaterState()).isNotEqualTo(initial.critic().updaterState());
  }

  @Test
  void setStateRejectsAnotherArchitecture() {
    AwrLearner small = new AwrLearner(config(), new int[] {3}, 2, null, 1);
    AwrLearner wider = new AwrLearner(config(), new int[] {5}, 2, null, 1);
    assertThatThrownBy(() -> small.setState(wider.state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters for a network of");
  }
}

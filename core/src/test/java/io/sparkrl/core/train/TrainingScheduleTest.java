package io.sparkrl.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkrl.core.config.AwrConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingScheduleTest {

  private static final AwrConfig CONFIG =
      AwrConfig.builder()
          .batchSize(64)
          .batchSizePerUpdate(16)
          .nCriticUpdates(7)
          .nActorUpdates(10)
          .build();

  @Test
  void iterationsModeGroupsKConsecutiveIterationsOneWorkerEach() {
    TrainingSchedule s = new TrainingSchedule(3, ParallelMode.ITERATIONS, 0, 4, 16);
    List<RoundPlan> rounds = s.rounds(2, 8, CONFIG);
    assertThat(rounds).hasSize(1);
    List<GroupPlan> groups = rounds.get(0).groups();
    assertThat(groups)
        .extracting(GroupPlan::iterations)
        .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7));
    assertThat(groups.get(2).tasks())
        .containsExactly(new WorkerTask(0, 6, 7, 10), new WorkerTask(1, 7, 7, 10));
    assertThat(groups).extracting(GroupPlan::epoch).containsOnly(2);
    assertThat(groups).extracting(GroupPlan::index).containsExactly(0, 1, 2);
  }

  @Test
  void periodsCoverEachPhaseInOrderThenTheActor() {
    GroupPlan g =
        new TrainingSchedule(1, ParallelMode.ITERATIONS, 0, 4, 16)
            .rounds(0, 1, CONFIG)
            .get(0)
            .groups()
            .get(0);
    assertThat(g.periods())
        .containsExactly(
            new Period(Phase.CRITIC, 0, 4),
            new Period(Phase.CRITIC, 4, 3),
            new Period(Phase.ACTOR, 0, 4),
            new Period(Phase.ACTOR, 4, 4),
            new Period(Phase.ACTOR, 8, 2));
  }

  @Test
  void stepsModeSplitsEachIterationsStepsAndReplicateRepeatsThem() {
    GroupPlan steps =
        new TrainingSchedule(3, ParallelMode.STEPS, 0, 50, 16)
            .rounds(0, 2, CONFIG)
            .get(0)
            .groups()
            .get(1);
    assertThat(steps.tasks())
        .containsExactly(
            new WorkerTask(0, 1, 3, 4), new WorkerTask(1, 1, 3, 4), new WorkerTask(2, 1, 3, 4));
    GroupPlan replicate =
        new TrainingSchedule(2, ParallelMode.REPLICATE, 0, 50, 16)
            .rounds(0, 2, CONFIG)
            .get(0)
            .groups()
            .get(0);
    assertThat(replicate.tasks())
        .containsExactly(new WorkerTask(0, 0, 7, 10), new WorkerTask(1, 0, 7, 10));
  }

  @Test
  void roundsFollowReturnsEveryRoundedUpToWholeGroups() {
    List<int[]> expected = List.of(new int[] {0, 4}, new int[] {4, 8}, new int[] {8, 10});
    List<int[]> actual = new ArrayList<>();
    for (RoundPlan r :
        new TrainingSchedule(2, ParallelMode.ITERATIONS, 3, 50, 16).rounds(0, 10, CONFIG)) {
      actual.add(new int[] {r.firstIteration(), r.endIteration()});
      assertThat(r.groups()).allMatch(g -> g.workers() <= 2);
    }
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(new TrainingSchedule(1, ParallelMode.ITERATIONS, 1, 50, 16).rounds(0, 5, CONFIG))
        .hasSize(5);
    assertThat(new TrainingSchedule(2, ParallelMode.STEPS, 3, 50, 16).rounds(0, 10, CONFIG))
        .extracting(RoundPlan::firstIteration)
        .containsExactly(0, 3, 6, 9);
    assertThat(new TrainingSchedule(2, ParallelMode.STEPS, 0, 50, 16).rounds(0, 0, CONFIG))
        .isEmpty();
  }

  @Test
  void aWorkersMiniBatchMustFitItsSlice() {
    new TrainingSchedule(4, ParallelMode.ITERATIONS, 0, 50, 64).check(CONFIG);
    assertThatThrownBy(() -> new TrainingSchedule(8, ParallelMode.STEPS, 0, 50, 16).check(CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker_batch_size 16")
        .hasMessageContaining("8 rows");
    assertThatThrownBy(() -> new TrainingSchedule(0, ParallelMode.STEPS, 0, 50, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

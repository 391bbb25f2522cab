package io.sparkrl.bench.steps;

import io.sparkrl.core.algo.AwrLearner;
import io.sparkrl.core.algo.Targets;
import io.sparkrl.core.algo.UpdateResult;
import io.sparkrl.core.config.AwrConfig;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link AwrLearner#train} call with d3rlpy's defaults on a 2048-row CartPole-shaped batch:
 * {@code n_critic_updates} (200) critic and {@code n_actor_updates} (1000) actor steps on 256-row
 * mini-batches, mini-batch assembly included. Divide by {@link #STEPS} for the cost per step.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
@State(Scope.Benchmark)
public class TrainBenchmark {

  /** SGD steps of one call with the default configuration. */
  public static final int STEPS =
      AwrConfig.defaults().nCriticUpdates() + AwrConfig.defaults().nActorUpdates();

  private static final int ROWS = 2048;

  private AwrLearner learner;
  private float[] observations;
  private int[] actions;
  private Targets targets;

  /** A fresh learner and a random batch. */
  @Setup(Level.Trial)
  public void setUp() {
    AwrConfig config = AwrConfig.defaults();
    learner = new AwrLearner(config, new int[] {4}, StepFixture.ACTIONS, null, 0);
    SplittableRandom random = new SplittableRandom(4);
    observations = new float[ROWS * 4];
    for (int i = 0; i < observations.length; i++) {
      observations[i] = (float) random.nextDouble(-1, 1);
    }
    actions = new int[ROWS];
    float[] returns = new float[ROWS];
    float[] baselines = new float[ROWS];
    for (int i = 0; i < ROWS; i++) {
      actions[i] = random.nextInt(StepFixture.ACTIONS);
      returns[i] = (float) random.nextDouble(0, 20);
      baselines[i] = (float) random.nextDouble(0, 20);
    }
    targets = Targets.of(returns, baselines, config.beta(), config.maxWeight());
  }

  /** One train call: 1200 SGD steps. */
  @Benchmark
  public UpdateResult train2048() {
    return learner.train(observations, actions, targets);
  }
}

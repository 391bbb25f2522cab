package io.sparkrl.bench.steps;

import io.sparkrl.core.nn.ConvStepper;
import io.sparkrl.core.nn.DenseStepper;
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
 * One SGD step ({@code fit} of one 256-row mini-batch, then its {@code score()}; also the same step
 * by {@link DenseStepper} for the vector networks, {@code *DenseStep}, and by {@link ConvStepper}
 * for the image networks, {@code *ConvStep}) of the default critic and actor for CartPole-shaped
 * vectors ({@code [4]}, hidden [256, 256], 2 actions) and Atari-shaped images ({@code [4, 84, 84]},
 * Nature DQN filters, feature 512), each next to its floor: the same step's matrix products alone
 * ({@link GemmFloor}). The networks keep training on their fixed mini-batch from one invocation to
 * the next. The forks run with JavaCPP's per-allocation physical-memory check off, as {@code
 * scripts/sparkrl} does ({@code -jvmArgsAppend} on JMH's command line replaces that).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class StepBenchmarks {

  /** The vector fixture, and DenseSteppers over a second copy of its networks. */
  @State(Scope.Benchmark)
  public static class Vector {
    StepFixture f;
    StepFixture dense;
    DenseStepper denseCritic;
    DenseStepper denseActor;
    int step;

    /** Builds the networks, batches and floors. */
    @Setup(Level.Trial)
    public void setUp() {
      f = new StepFixture(new int[] {4});
      dense = new StepFixture(new int[] {4});
      denseCritic = new DenseStepper(dense.critic);
      denseActor = new DenseStepper(dense.actor);
    }
  }

  /** The image fixture, and ConvSteppers over a second copy of its networks. */
  @State(Scope.Benchmark)
  public static class Image {
    StepFixture f;
    StepFixture conv;
    ConvStepper convCritic;
    ConvStepper convActor;

    /** Builds the networks, batches and floors. */
    @Setup(Level.Trial)
    public void setUp() {
      f = new StepFixture(new int[] {4, 84, 84});
      conv = new StepFixture(new int[] {4, 84, 84});
      convCritic = new ConvStepper(conv.critic);
      convActor = new ConvStepper(conv.actor);
    }
  }

  /** One vector critic step. */
  @Benchmark
  public double vectorCriticStep(Vector s) {
    s.f.critic.fit(s.f.criticBatch);
    return s.f.critic.score();
  }

  /** The vector critic step's matrix products. */
  @Benchmark
  public void vectorCriticFloor(Vector s) {
    s.f.criticFloor.run();
  }

  /** One vector critic step by {@link DenseStepper} (what {@code AwrLearner} runs). */
  @Benchmark
  public double vectorCriticDenseStep(Vector s) {
    return s.denseCritic.fit(s.dense.criticBatch, s.step++);
  }

  /** One vector actor step by {@link DenseStepper} (what {@code AwrLearner} runs). */
  @Benchmark
  public double vectorActorDenseStep(Vector s) {
    return s.denseActor.fit(s.dense.actorBatch, s.step++);
  }

  /** One vector actor step. */
  @Benchmark
  public double vectorActorStep(Vector s) {
    s.f.actor.fit(s.f.actorBatch);
    return s.f.actor.score();
  }

  /** The vector actor step's matrix products. */
  @Benchmark
  public void vectorActorFloor(Vector s) {
    s.f.actorFloor.run();
  }

  /** One image critic step. */
  @Benchmark
  public double imageCriticStep(Image s) {
    s.f.critic.fit(s.f.criticBatch);
    return s.f.critic.score();
  }

  /** The image critic step's matrix products (im2col GEMMs for the convolutions). */
  @Benchmark
  public void imageCriticFloor(Image s) {
    s.f.criticFloor.run();
  }

  /** One image critic step by {@link ConvStepper} (what {@code AwrLearner} runs). */
  @Benchmark
  public double imageCriticConvStep(Image s) {
    return s.convCritic.fit(s.conv.criticBatch);
  }

  /** One image actor step by {@link ConvStepper} (what {@code AwrLearner} runs). */
  @Benchmark
  public double imageActorConvStep(Image s) {
    return s.convActor.fit(s.conv.actorBatch);
  }

  /** One image actor step. */
  @Benchmark
  public double imageActorStep(Image s) {
    s.f.actor.fit(s.f.actorBatch);
    return s.f.actor.score();
  }

  /** The image actor step's matrix products (im2col GEMMs for the convolutions). */
  @Benchmark
  public void imageActorFloor(Image s) {
    s.f.actorFloor.run();
  }
}

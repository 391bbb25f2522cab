package io.sparkrl.bench.steps;

import com.sun.management.OperatingSystemMXBean;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.nn.TrainingStep;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * CPU time per SGD step of the default vector networks, which other jobs on a shared machine
 * disturb far less than wall time: rounds of d3rlpy's 200 critic and 1000 actor steps on the fixed
 * 256-row mini-batches of {@link StepFixture}, taken by DL4J's {@code fit} ({@code fit}) or by
 * {@link TrainingStep#of} ({@code step}, what {@code AwrLearner} runs). Prints the median over the
 * measured rounds of the main thread's and the whole process's CPU time per step, and the wall
 * time.
 *
 * <pre>
 *   scripts/bench-java io.sparkrl.bench.steps.StepCpuTime fit|step [rounds]
 * </pre>
 */
public final class StepCpuTime {

  private static final int WARMUP_ROUNDS = 2;

  private StepCpuTime() {}

  /**
   * @param args {@code fit} or {@code step}, then optionally the measured rounds (default 3)
   */
  public static void main(String[] args) {
    boolean fit = args.length > 0 && args[0].equals("fit");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    StepFixture f = new StepFixture(new int[] {4});
    TrainingStep critic = fit ? fitStep(f.critic) : TrainingStep.of(f.critic);
    TrainingStep actor = fit ? fitStep(f.actor) : TrainingStep.of(f.actor);
    AwrConfig config = AwrConfig.defaults();
    int steps = config.nCriticUpdates() + config.nActorUpdates();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    double[] thread = new double[rounds];
    double[] process = new double[rounds];
    double[] wall = new double[rounds];
    for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
      long t0 = threads.getCurrentThreadCpuTime();
      long p0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      for (int i = 0; i < config.nCriticUpdates(); i++) {
        critic.fit(f.criticBatch);
      }
      for (int i = 0; i < config.nActorUpdates(); i++) {
        actor.fit(f.actorBatch);
      }
      if (r >= 0) {
        thread[r] = (threads.getCurrentThreadCpuTime() - t0) / 1e6 / steps;
        process[r] = (os.getProcessCpuTime() - p0) / 1e6 / steps;
        wall[r] = (System.nanoTime() - w0) / 1e6 / steps;
      }
    }
    System.out.printf(
        "%s: main-thread CPU %.3f ms/step, process CPU %.3f ms/step, wall %.3f ms/step"
            + " (medians of %d rounds of %d steps)%n",
        fit ? "fit" : "step", median(thread), median(process), median(wall), rounds, steps);
  }

  private static TrainingStep fitStep(MultiLayerNetwork net) {
    return batch -> {
      net.fit(batch);
      return net.score();
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}

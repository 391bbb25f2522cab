package io.sparkrl.bench;

import io.sparkrl.core.nn.NativeThreads;
import io.sparkrl.core.ope.OpeGroundTruth;
import io.sparkrl.core.ope.OpeGroundTruth.Row;
import java.util.List;
import java.util.Locale;

/**
 * Off-policy evaluation against ground truth on CartPole-v1 ({@link OpeGroundTruth}): five target
 * policies, their true discounted returns by rollouts, and the FQE, WIS, PDIS and DR estimates from
 * the behaviour policy's logged episodes, with each estimator's Spearman rank correlation against
 * the truth (over the five) and FQE's relative error; then the mirrored heuristic, a policy the
 * data barely supports. One BLAS thread.
 *
 * <pre>
 * scripts/bench-java io.sparkrl.bench.OpeGroundTruthBenchmark [episodes] [rollouts] [fqeSteps] [seed]
 * </pre>
 */
public final class OpeGroundTruthBenchmark {

  private OpeGroundTruthBenchmark() {}

  public static void main(String[] args) {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int rollouts = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 6000;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    NativeThreads.limit(1);
    long start = System.nanoTime();
    List<Row> rows = OpeGroundTruth.run(episodes, rollouts, steps, seed, OpeGroundTruth.QUALITIES);
    Row mirrored =
        OpeGroundTruth.run(episodes, rollouts, steps, seed, new double[] {OpeGroundTruth.MIRRORED})
            .get(0);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%d logged episodes (behaviour: heuristic q=%.2f), %d rollouts per policy, %d FQE steps,"
            + " seed %d, gamma %.2f: %.1f s%n%n",
        episodes,
        OpeGroundTruth.BEHAVIOUR_QUALITY,
        rollouts,
        steps,
        seed,
        OpeGroundTruth.GAMMA,
        seconds);
    System.out.println("| target q | true | FQE | FQE error | WIS | PDIS | DR |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %.2f | %.2f | %.2f | %.1f%% | %.2f | %.2f | %.2f |%n",
          r.quality(),
          r.truth(),
          r.fqe(),
          100 * r.fqeError(),
          r.wis(),
          r.pdis(),
          r.dr());
    }
    System.out.printf(
        Locale.ROOT,
        "| mirrored | %.2f | %.2f | %.1f%% | %.2f | %.2f | %.2f |%n",
        mirrored.truth(),
        mirrored.fqe(),
        100 * mirrored.fqeError(),
        mirrored.wis(),
        mirrored.pdis(),
        mirrored.dr());
    double[] truth = OpeGroundTruth.column(rows, Row::truth);
    System.out.printf(
        Locale.ROOT,
        "%nSpearman vs truth: FQE %.2f, WIS %s, PDIS %.2f, DR %.2f%n",
        OpeGroundTruth.spearman(OpeGroundTruth.column(rows, Row::fqe), truth),
        rows.stream().anyMatch(r -> Double.isNaN(r.wis()))
            ? "n/a (a deterministic target keeps no weight)"
            : String.format(
                Locale.ROOT,
                "%.2f",
                OpeGroundTruth.spearman(OpeGroundTruth.column(rows, Row::wis), truth)),
        OpeGroundTruth.spearman(OpeGroundTruth.column(rows, Row::pdis), truth),
        OpeGroundTruth.spearman(OpeGroundTruth.column(rows, Row::dr), truth));
  }
}

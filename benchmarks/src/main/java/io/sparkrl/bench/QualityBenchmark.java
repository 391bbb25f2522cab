package io.sparkrl.bench;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.FitOptions;
import io.sparkrl.core.config.AwrConfig;
import io.sparkrl.core.config.ConvFilter;
import io.sparkrl.core.config.EncoderParams;
import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.core.metrics.EnvironmentScorer;
import io.sparkrl.core.metrics.PolicyModel;
import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.core.train.ParallelMode;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.env.BehaviourPolicy;
import io.sparkrl.datasets.env.DiscreteEnv;
import io.sparkrl.datasets.env.Environments;
import io.sparkrl.datasets.env.EpisodeGenerator;
import io.sparkrl.datasets.env.Policies;
import io.sparkrl.spark.config.JobSettingKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Policy quality of DiscreteAWR: generates a dataset, trains with the seed defaults and scores the
 * greedy policy on the environment after every epoch. One JSON object per epoch on stdout (and
 * appended to {@code --out}):
 *
 * <pre>
 *   QualityBenchmark --dataset mixed|mostly-bad|catch [--transitions 100000] [--seeds 0,1,2]
 *                    [--epochs 2] [--eval-episodes 100] [--mode awr|bc] [--out FILE.jsonl]
 *                    [--logdir bench/work/quality] [--data-seed 7]
 *                    [--workers 1] [--parallel iterations|steps|replicate]
 *                    [--returns-every iteration|epoch|K] [--averaging-frequency F] [--lr-scale 1]
 * </pre>
 *
 * <p>Workers: {@code fit} with a {@link TrainingSchedule} of K workers emulates in this JVM exactly
 * what the Spark trainer computes for the same schedule (the tests check it bit for bit), so the
 * quality of K workers is measured here. {@code --returns-every} defaults to {@code iteration}
 * (d3rlpy) for one worker and {@code epoch} (the Spark job's default) for more; {@code --lr-scale}
 * multiplies both learning rates.
 *
 * <p>Datasets: {@code mixed} and {@code mostly-bad} are the {@link Policies} of the same names on
 * cartpole-v0 (behaviour mean returns about 39 and 20); {@code catch} is the {@value
 * Policies#MIXED} policy on the default 9×9 catch. Episodes are generated with {@link
 * EpisodeGenerator#episodeSeed}{@code (dataSeed, i)} until at least {@code --transitions}
 * transitions, the same dataset for every training seed and mode.
 *
 * <p>Training: cartpole uses {@link AwrConfig#defaults()} (d3rlpy v0.23's hyperparameters: batch
 * 2048, 1000 actor and 200 critic updates of 256 per iteration, beta 0.05, max weight 20) with
 * {@code n_epochs = --epochs}. Catch uses {@value #CATCH_N_FRAMES} stacked frames and the pixel
 * scaler; since the default Nature DQN filters need at least 36×36 inputs, catch gets filters
 * (32,3,1), (64,3,2) (9×9 → 7×7 → 3×3) and a 256-wide feature layer. With d3rlpy's actor learning
 * rate (5e-5) this conv net's policy stays uniform for the first epochs (measured: greedy return
 * −0.30 after 2 epochs of 14 iterations × 240 steps, actor loss = mean weight × ln 3), so catch
 * trains the actor at {@value #CATCH_ACTOR_LEARNING_RATE} on batches of {@value #CATCH_BATCH_SIZE}
 * cut into mini-batches of {@value #CATCH_BATCH_SIZE_PER_UPDATE}, {@value #CATCH_ACTOR_UPDATES}
 * actor / {@value #CATCH_CRITIC_UPDATES} critic updates per iteration, everything else default.
 *
 * <p>{@code --mode bc} is the same code with {@code beta} = {@value #BC_BETA}: every weight is
 * exp(A / beta) ≈ 1, i.e. plain behaviour cloning; the reported mean weight shows it.
 *
 * <p>Timing: {@code epoch_seconds} is the training time of the epoch (fit's start or the end of the
 * previous epoch's evaluation, up to the start of this epoch's evaluation), {@code eval_seconds}
 * the evaluation's. The first epoch includes creating the networks.
 */
public final class QualityBenchmark {

  static final double BC_BETA = 1e9;
  static final int CATCH_N_FRAMES = 4;
  static final int CATCH_ACTOR_UPDATES = 100;
  static final int CATCH_CRITIC_UPDATES = 40;
  static final double CATCH_ACTOR_LEARNING_RATE = 1e-3;
  static final int CATCH_BATCH_SIZE = 512;
  static final int CATCH_BATCH_SIZE_PER_UPDATE = 64;
  static final long EVAL_BASE_SEED = 1_000_000L;

  private QualityBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    String dataset = opts.getOrDefault("dataset", "mixed");
    long transitions = Long.parseLong(opts.getOrDefault("transitions", "100000"));
    int epochs = Integer.parseInt(opts.getOrDefault("epochs", "2"));
    int evalEpisodes = Integer.parseInt(opts.getOrDefault("eval-episodes", "100"));
    String mode = opts.getOrDefault("mode", "awr");
    String out = opts.get("out");
    String logdir = opts.getOrDefault("logdir", "bench/work/quality");
    long dataSeed = Long.parseLong(opts.getOrDefault("data-seed", "7"));
    int workers = Integer.parseInt(opts.getOrDefault("workers", "1"));
    ParallelMode parallel = ParallelMode.fromJsonName(opts.getOrDefault("parallel", "iterations"));
    String returnsText = opts.getOrDefault("returns-every", workers == 1 ? "iteration" : "epoch");
    int returnsEvery =
        switch (returnsText) {
          case "iteration" -> 1;
          case "epoch" -> TrainingSchedule.EVERY_EPOCH;
          default -> Integer.parseInt(returnsText);
        };
    int averagingFrequency =
        Integer.parseInt(
            opts.getOrDefault(
                "averaging-frequency", "" + JobSettingKeys.AVERAGING_FREQUENCY.defaultValue()));
    double lrScale = Double.parseDouble(opts.getOrDefault("lr-scale", "1"));
    List<Long> seeds = new ArrayList<>();
    for (String s : opts.getOrDefault("seeds", "0,1,2").split(",")) {
      if (!s.isBlank()) {
        seeds.add(Long.parseLong(s.trim()));
      }
    }
    if (!mode.equals("awr") && !mode.equals("bc")) {
      usage("unknown --mode " + mode);
    }

    String envName;
    String policyName;
    switch (dataset) {
      case "mixed" -> {
        envName = Environments.CARTPOLE_V0;
        policyName = Policies.MIXED;
      }
      case "mostly-bad" -> {
        envName = Environments.CARTPOLE_V0;
        policyName = Policies.MOSTLY_BAD;
      }
      case "catch" -> {
        envName = Environments.CATCH;
        policyName = Policies.MIXED;
      }
      default -> {
        usage("unknown --dataset " + dataset);
        return;
      }
    }

    long t0 = System.nanoTime();
    DiscreteEnv genEnv = Environments.create(envName);
    BehaviourPolicy policy = Policies.create(policyName, genEnv);
    List<Episode> episodes =
        EpisodeGenerator.generateUntil(
            genEnv, policy, dataSeed, transitions, Episode::transitionCount);
    long rows = 0;
    long transitionTotal = 0;
    double returns = 0;
    for (Episode e : episodes) {
      rows += e.length();
      transitionTotal += e.transitionCount();
      for (int t = 0; t < e.transitionCount(); t++) {
        returns += e.reward(t);
      }
    }
    double behaviourReturn = returns / episodes.size();
    System.err.printf(
        Locale.ROOT,
        "quality: %s (%s on %s): %d episodes, %d rows, behaviour mean return %.3f, %.1f s%n",
        dataset,
        policyName,
        envName,
        episodes.size(),
        rows,
        behaviourReturn,
        (System.nanoTime() - t0) / 1e9);

    for (long seed : seeds) {
      AwrConfig base = config(dataset, mode, epochs);
      AwrConfig config =
          base.toBuilder()
              .actorLearningRate(base.actorLearningRate() * lrScale)
              .criticLearningRate(base.criticLearningRate() * lrScale)
              .build();
      TrainingSchedule schedule =
          new TrainingSchedule(
              workers, parallel, returnsEvery, averagingFrequency, config.batchSizePerUpdate());
      DiscreteAWR algo = new DiscreteAWR(config, seed);
      TimedScorer scorer =
          new TimedScorer(
              new EnvironmentScorer(
                  Environments.create(envName), evalEpisodes, 0.0, EVAL_BASE_SEED));
      FitOptions options =
          FitOptions.builder()
              .experimentName(
                  "quality-"
                      + dataset
                      + "-"
                      + mode
                      + "-w"
                      + workers
                      + "-"
                      + parallel.jsonName()
                      + "-s"
                      + seed)
              .logdir(logdir)
              .tensorboard(false)
              .showProgress(false)
              .verbose(false)
              .evalEpisodes(episodes.subList(0, 1))
              .scorer(EnvironmentScorer.NAME, scorer)
              .schedule(schedule)
              .build();
      scorer.lastEnd = System.nanoTime();
      List<Map<String, Double>> history = algo.fit(episodes, options);
      for (int epoch = 0; epoch < history.size(); epoch++) {
        Map<String, Double> m = history.get(epoch);
        String line =
            String.format(
                Locale.ROOT,
                "{\"benchmark\":\"quality\",\"dataset\":\"%s\",\"env\":\"%s\",\"mode\":\"%s\","
                    + "\"beta\":%s,\"workers\":%d,\"parallel\":\"%s\",\"returns_every\":\"%s\","
                    + "\"averaging_frequency\":%d,\"lr_scale\":%s,"
                    + "\"seed\":%d,\"epoch\":%d,\"transitions\":%d,\"episodes\":%d,"
                    + "\"epoch_seconds\":%.2f,\"eval_seconds\":%.2f,\"eval_episodes\":%d,"
                    + "\"mean_return\":%.3f,\"behaviour_mean_return\":%.3f,"
                    + "\"critic_loss\":%.6g,\"actor_loss\":%.6g,\"mean_weight\":%.6g}",
                dataset,
                envName,
                mode,
                Double.toString(config.beta()),
                workers,
                parallel.jsonName(),
                returnsText,
                averagingFrequency,
                Double.toString(lrScale),
                seed,
                epoch + 1,
                transitionTotal,
                episodes.size(),
                scorer.trainSeconds.get(epoch),
                scorer.evalSeconds.get(epoch),
                evalEpisodes,
                m.get(EnvironmentScorer.NAME),
                behaviourReturn,
                m.get("critic_loss"),
                m.get("actor_loss"),
                m.get("weights"));
        System.out.println(line);
        System.out.flush();
        if (out != null) {
          append(Path.of(out), line);
        }
      }
    }
  }

  static AwrConfig config(String dataset, String mode, int epochs) {
    AwrConfig.Builder b = AwrConfig.builder().nEpochs(epochs);
    if (dataset.equals("catch")) {
      b.nFrames(CATCH_N_FRAMES)
          .scaler(ScalerSpec.of(ScalerType.PIXEL))
          .encoderParams(
              new EncoderParams(
                  null, List.of(new ConvFilter(32, 3, 1), new ConvFilter(64, 3, 2)), 256, null))
          .actorLearningRate(CATCH_ACTOR_LEARNING_RATE)
          .batchSize(CATCH_BATCH_SIZE)
          .batchSizePerUpdate(CATCH_BATCH_SIZE_PER_UPDATE)
          .nActorUpdates(CATCH_ACTOR_UPDATES)
          .nCriticUpdates(CATCH_CRITIC_UPDATES);
    }
    if (mode.equals("bc")) {
      b.beta(BC_BETA);
    }
    return b.build();
  }

  private static void append(Path path, String line) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        path,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        usage("bad argument " + args[i]);
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private static void usage(String why) {
    PrintStream err = System.err;
    err.println("QualityBenchmark: " + why);
    err.println(
        "usage: QualityBenchmark --dataset mixed|mostly-bad|catch [--transitions N] [--seeds 0,1,2]"
            + " [--epochs E] [--eval-episodes K] [--mode awr|bc] [--out FILE.jsonl]"
            + " [--logdir DIR] [--data-seed S] [--workers K] [--parallel iterations|steps|replicate]"
            + " [--returns-every iteration|epoch|K] [--averaging-frequency F] [--lr-scale X]");
    System.exit(2);
  }

  /** Times the training of each epoch (between evaluations) and each evaluation. */
  private static final class TimedScorer implements Scorer {
    private final Scorer inner;
    private final List<Double> trainSeconds = new ArrayList<>();
    private final List<Double> evalSeconds = new ArrayList<>();
    private long lastEnd;

    TimedScorer(Scorer inner) {
      this.inner = inner;
    }

    @Override
    public double score(PolicyModel model, List<Episode> episodes) {
      long start = System.nanoTime();
      trainSeconds.add((start - lastEnd) / 1e9);
      double value = inner.score(model, episodes);
      lastEnd = System.nanoTime();
      evalSeconds.add((lastEnd - start) / 1e9);
      return value;
    }
  }
}

package io.sparkrl.spark.ope;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.algo.LearnerStateAverage;
import io.sparkrl.core.algo.NetworkState;
import io.sparkrl.core.algo.ObservationBatch;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.ope.FittedQEvaluation;
import io.sparkrl.core.ope.FqeBackend;
import io.sparkrl.core.ope.FqeConfig;
import io.sparkrl.core.ope.FqeModel;
import io.sparkrl.core.ope.FqeNetworkSpec;
import io.sparkrl.core.ope.FqeSteps;
import io.sparkrl.core.ope.FqeTransitions;
import io.sparkrl.core.ope.ModelTargetPolicy;
import io.sparkrl.core.ope.TargetMode;
import io.sparkrl.core.ope.TargetPolicy;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.spark.data.IndexedEpisodes;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * FQE on the executors ({@link FittedQEvaluation}'s loop with a Spark {@link FqeBackend}): each
 * partition of the episodes becomes one worker's share of prepared transitions, cached; each period
 * is one Spark stage in which every non-empty partition runs {@link FqeSteps} from the broadcast
 * state, and the driver averages the workers' states (tree-aggregated {@link LearnerStateAverage}),
 * so more executors see more data per period in the same wall time.
 */
public final class SparkFqe implements QFitter {

  /** FQE's default gradient steps per worker. */
  public static final int DEFAULT_STEPS = FqeConfig.DEFAULT_STEPS;

  private final int steps;
  private final long seed;

  /**
   * @param steps gradient steps per worker, ≥ 1
   * @param seed initialisation and sampling seed
   */
  public SparkFqe(int steps, long seed) {
    FqeConfig.of(steps, seed);
    this.steps = steps;
    this.seed = seed;
  }

  @Override
  public QSource fit(
      DiscreteAWR model,
      Broadcast<byte[]> archive,
      EvaluationRequest request,
      double gamma,
      IndexedEpisodes episodes) {
    FqeConfig config = FqeConfig.of(steps, seed);
    ObservationBatch inputs = model.impl().inputs();
    FqeNetworkSpec spec =
        new FqeNetworkSpec(
            inputs.inputShape(),
            model.actionSize(),
            model.config().encoderParams(),
            config.learningRate(),
            seed);
    String modelUri = request.modelUri();
    TargetMode mode = request.target();
    int actions = model.actionSize();
    JavaRDD<FqeTransitions> shares =
        episodes
            .episodes()
            .mapPartitions(
                (Iterator<IndexedEpisode> it) -> {
                  FqeTransitions share = new FqeTransitions(inputs.rowSize(), actions);
                  if (it.hasNext()) {
                    DiscreteAWR m =
                        DiscreteAWR.fromModelArchive(
                            archive.value(), modelUri, GpuSetting.DISABLED);
                    TargetPolicy policy = new ModelTargetPolicy(m, mode);
                    while (it.hasNext()) {
                      var e = it.next().episode();
                      share.add(e, inputs, policy.probabilities(e));
                    }
                  }
                  return List.of(share).iterator();
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Backend backend = new Backend(shares, spec, config.batchSize(), gamma);
      NetworkState state = FittedQEvaluation.fit(config, spec, backend);
      return new FqeSource(new FqeModel(spec, state.params(), inputs, gamma));
    } finally {
      shares.unpersist(false);
    }
  }

  /** One Spark stage per period over the cached shares. */
  private static final class Backend implements FqeBackend {
    private final JavaRDD<FqeTransitions> shares;
    private final FqeNetworkSpec spec;
    private final int batchSize;
    private final double gamma;
    private final JavaSparkContext context;
    private final double minReward;
    private final double maxReward;

    Backend(JavaRDD<FqeTransitions> shares, FqeNetworkSpec spec, int batchSize, double gamma) {
      this.shares = shares;
      this.minReward = shares.map(FqeTransitions::minReward).reduce(Math::min);
      this.maxReward = shares.map(FqeTransitions::maxReward).reduce(Math::max);
      this.spec = spec;
      this.batchSize = batchSize;
      this.gamma = gamma;
      this.context = JavaSparkContext.fromSparkContext(shares.context());
    }

    @Override
    public int workers() {
      return shares.getNumPartitions();
    }

    @Override
    public NetworkState period(NetworkState start, int targetUpdateInterval, int steps, long seed) {
      Broadcast<NetworkState> sent = context.broadcast(start);
      FqeNetworkSpec s = spec;
      double low = minReward;
      double high = maxReward;
      int batch = batchSize;
      double g = gamma;
      LearnerStateAverage mean =
          shares
              .mapPartitionsWithIndex(
                  (Integer r, Iterator<FqeTransitions> it) -> {
                    LearnerStateAverage out = new LearnerStateAverage();
                    while (it.hasNext()) {
                      FqeTransitions share = it.next();
                      if (share.count() > 0) {
                        out.add(
                            FqeSteps.run(
                                s,
                                sent.value(),
                                targetUpdateInterval,
                                share,
                                steps,
                                batch,
                                g,
                                FittedQEvaluation.workerSeed(seed, r),
                                low,
                                high),
                            0.0,
                            0);
                      }
                    }
                    return List.of(out).iterator();
                  },
                  false)
              .treeReduce(LearnerStateAverage::merge);
      sent.destroy();
      if (mean.count() == 0) {
        throw new IllegalArgumentException("FQE: the dataset has no transitions to fit on");
      }
      return mean.averageNetwork();
    }
  }

  /** The fitted model as the executors receive it. */
  private record FqeSource(FqeModel model) implements QSource {
    @Override
    public io.sparkrl.core.ope.QFunction open() {
      return model.open();
    }
  }
}

package io.sparkrl.core;

import io.sparkrl.core.metrics.Scorer;
import io.sparkrl.core.storage.LocalRunStorage;
import io.sparkrl.core.storage.ModelCheckpoints;
import io.sparkrl.core.storage.RunDirectory;
import io.sparkrl.core.storage.RunStorage;
import io.sparkrl.core.train.LoopOptions;
import io.sparkrl.core.train.TrainingSchedule;
import io.sparkrl.datasets.Episode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keyword arguments of d3rlpy v0.23's {@code fit}, as one immutable value with a {@link
 * Builder}.
 *
 * @param experimentName the run directory's name before its timestamp (d3rlpy: the class name)
 * @param withTimestamp whether the run directory gets a {@code _YYYYmmddHHMMSS} suffix
 * @param logdir the parent of the run directory ({@code d3rlpy_logs})
 * @param verbose print the parameters once and each epoch's metrics as {@code epoch=E step=S
 *     name=V} to standard output
 * @param showProgress print a per-epoch progress line of the iterations to standard error (d3rlpy's
 *     tqdm bar)
 * @param tensorboard write a TensorBoard event file under the run directory's {@code runs/}
 *     directory. d3rlpy wrote {@code runs/{experiment}} relative to the working directory, not
 *     under {@code logdir}; sparkrl keeps a run's files together (and writable on HDFS) instead
 * @param evalEpisodes the episodes the scorers see, or null for no evaluation
 * @param saveInterval save {@code model_{epoch}.zip} whenever {@code epoch % saveInterval == 0}
 * @param scorers scorers by name, run once per epoch when {@code evalEpisodes} is also given; null
 *     or empty for none
 * @param storage where the run directory is written
 * @param schedule how many workers share each epoch and how (emulated one after another in this
 *     JVM, computing what the Spark job computes for the same schedule), or null for d3rlpy's
 *     single process: one worker, returns every iteration
 */
public record FitOptions(
    String experimentName,
    boolean withTimestamp,
    String logdir,
    boolean verbose,
    boolean showProgress,
    boolean tensorboard,
    List<Episode> evalEpisodes,
    int saveInterval,
    LinkedHashMap<String, Scorer> scorers,
    RunStorage storage,
    TrainingSchedule schedule) {

  /** d3rlpy's default experiment name for this algorithm: its class name. */
  public static final String DEFAULT_EXPERIMENT_NAME = "DiscreteAWR";

  /** d3rlpy's default log directory. */
  public static final String DEFAULT_LOGDIR = "d3rlpy_logs";

  /** The TensorBoard root inside the run directory. */
  public static final String TENSORBOARD_DIRECTORY = LoopOptions.TENSORBOARD_DIRECTORY;

  /**
   * @throws IllegalArgumentException if {@code saveInterval < 1} or a name is blank
   */
  public FitOptions {
    Objects.requireNonNull(storage, "storage");
    if (experimentName == null || experimentName.isBlank()) {
      throw new IllegalArgumentException("experimentName must not be blank, got " + experimentName);
    }
    if (logdir == null || logdir.isBlank()) {
      throw new IllegalArgumentException("logdir must not be blank, got " + logdir);
    }
    new ModelCheckpoints(saveInterval); // same rule as the checkpoints
    evalEpisodes = evalEpisodes == null ? null : List.copyOf(evalEpisodes);
    scorers = scorers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(scorers);
  }

  /** A copy of the scorers, in their order. */
  @Override
  public LinkedHashMap<String, Scorer> scorers() {
    return new LinkedHashMap<>(scorers);
  }

  /** The defaults of d3rlpy v0.23's {@code fit}, writing to the local file system. */
  public static FitOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FitOptions}; every setter returns this builder. */
  public static final class Builder {
    private String experimentName = DEFAULT_EXPERIMENT_NAME;
    private boolean withTimestamp = RunDirectory.DEFAULT_WITH_TIMESTAMP;
    private String logdir = DEFAULT_LOGDIR;
    private boolean verbose = true;
    private boolean showProgress = true;
    private boolean tensorboard = true;
    private List<Episode> evalEpisodes;
    private int saveInterval = ModelCheckpoints.DEFAULT_SAVE_INTERVAL;
    private LinkedHashMap<String, Scorer> scorers = new LinkedHashMap<>();
    private RunStorage storage = new LocalRunStorage();
    private TrainingSchedule schedule;

    private Builder() {}

    /** See {@link FitOptions#experimentName()}. */
    public Builder experimentName(String v) {
      experimentName = v;
      return this;
    }

    /** See {@link FitOptions#withTimestamp()}. */
    public Builder withTimestamp(boolean v) {
      withTimestamp = v;
      return this;
    }

    /** See {@link FitOptions#logdir()}. */
    public Builder logdir(String v) {
      logdir = v;
      return this;
    }

    /** See {@link FitOptions#verbose()}. */
    public Builder verbose(boolean v) {
      verbose = v;
      return this;
    }

    /** See {@link FitOptions#showProgress()}. */
    public Builder showProgress(boolean v) {
      showProgress = v;
      return this;
    }

    /** See {@link FitOptions#tensorboard()}. */
    public Builder tensorboard(boolean v) {
      tensorboard = v;
      return this;
    }

    /** See {@link FitOptions#evalEpisodes()}. */
    public Builder evalEpisodes(List<Episode> v) {
      evalEpisodes = v;
      return this;
    }

    /** See {@link FitOptions#saveInterval()}. */
    public Builder saveInterval(int v) {
      saveInterval = v;
      return this;
    }

    /** See {@link FitOptions#scorers()}. */
    public Builder scorers(Map<String, Scorer> v) {
      scorers = v == null ? new LinkedHashMap<>() : new LinkedHashMap<>(v);
      return this;
    }

    /** Adds one scorer after those already given. */
    public Builder scorer(String name, Scorer scorer) {
      scorers.put(name, scorer);
      return this;
    }

    /** See {@link FitOptions#storage()}. */
    public Builder storage(RunStorage v) {
      storage = v;
      return this;
    }

    /** See {@link FitOptions#schedule()}. */
    public Builder schedule(TrainingSchedule v) {
      schedule = v;
      return this;
    }

    /** The options. */
    public FitOptions build() {
      return new FitOptions(
          experimentName,
          withTimestamp,
          logdir,
          verbose,
          showProgress,
          tensorboard,
          evalEpisodes,
          saveInterval,
          scorers,
          storage,
          schedule);
    }
  }
}

package io.sparkrl.spark.ope;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.core.config.GpuSetting;
import io.sparkrl.core.ope.EpisodeSummaries;
import io.sparkrl.core.ope.ModelTargetPolicy;
import io.sparkrl.core.ope.OpeAccumulator;
import io.sparkrl.core.ope.QFunction;
import io.sparkrl.core.ope.TargetMode;
import io.sparkrl.core.ope.TargetPolicy;
import io.sparkrl.core.targets.IndexedEpisode;
import io.sparkrl.datasets.Episode;
import io.sparkrl.spark.data.EpisodeValidationException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of an evaluation: one partition's episodes summarised into one accumulator,
 * with the model rebuilt once per partition from the broadcast archive. A summary that cannot be
 * taken (a missing or non-positive {@code action_prob}) fails the job as bad input naming the
 * dataset, episode, step and column.
 */
final class EpisodeSummariser implements FlatMapFunction<Iterator<IndexedEpisode>, OpeAccumulator> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<byte[]> archive;
  private final String modelUri;
  private final String dataUri;
  private final TargetMode mode;
  private final double gamma;
  private final boolean weights;
  private final QSource q;

  EpisodeSummariser(
      Broadcast<byte[]> archive,
      String modelUri,
      String dataUri,
      TargetMode mode,
      double gamma,
      boolean weights,
      QSource q) {
    this.archive = archive;
    this.modelUri = modelUri;
    this.dataUri = dataUri;
    this.mode = mode;
    this.gamma = gamma;
    this.weights = weights;
    this.q = q;
  }

  @Override
  public Iterator<OpeAccumulator> call(Iterator<IndexedEpisode> episodes) throws Exception {
    OpeAccumulator out = new OpeAccumulator();
    if (!episodes.hasNext()) {
      return List.of(out).iterator();
    }
    DiscreteAWR model =
        DiscreteAWR.fromModelArchive(archive.value(), modelUri, GpuSetting.DISABLED);
    TargetPolicy policy = new ModelTargetPolicy(model, mode);
    QFunction qFunction = q == null ? null : q.open();
    while (episodes.hasNext()) {
      Episode episode = episodes.next().episode();
      try {
        float[] qValues = qFunction == null ? null : qFunction.qValues(episode);
        out.add(
            EpisodeSummaries.summarise(
                episode, policy.probabilities(episode), qValues, gamma, weights));
      } catch (IllegalArgumentException e) {
        throw new EpisodeValidationException(dataUri + ": " + e.getMessage(), e);
      }
    }
    return List.of(out).iterator();
  }
}

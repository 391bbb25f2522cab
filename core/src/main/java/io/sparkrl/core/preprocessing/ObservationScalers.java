package io.sparkrl.core.preprocessing;

import io.sparkrl.core.config.ScalerSpec;
import io.sparkrl.core.config.ScalerType;
import io.sparkrl.datasets.Episode;
import io.sparkrl.datasets.FeatureStatistics;
import java.util.Arrays;

/**
 * Builds {@link ObservationScaler}s from a {@link ScalerSpec}: fitted on training episodes, from
 * already fitted parameters, or from {@link FeatureStatistics} gathered elsewhere (e.g. a Spark
 * aggregate).
 */
public final class ObservationScalers {

  private ObservationScalers() {}

  /** {@link #fit(ScalerSpec, Iterable, int)} without frame stacking. */
  public static ObservationScaler fit(ScalerSpec spec, Iterable<Episode> episodes) {
    return fit(spec, episodes, 1);
  }

  /**
   * The scaler d3rlpy's {@code fit} would use. A spec that already has parameters (and {@code
   * pixel}) is used as it is, not refitted, after checking its shape against the episodes';
   * otherwise the per-feature statistics are taken over all rows of every episode, including the
   * last row. Fitting is on single frames; the scaler applies them to each of {@code nFrames}
   * stacked frames.
   *
   * @throws IllegalArgumentException if there are no episodes where a shape or statistics are
   *     needed, the episodes' shapes disagree, or fitted parameters do not match their shape
   */
  public static ObservationScaler fit(ScalerSpec spec, Iterable<Episode> episodes, int nFrames) {
    int[] dims = null;
    for (Episode episode : episodes) {
      int[] episodeDims = episode.shape().dims();
      if (dims == null) {
        dims = episodeDims;
      } else if (!Arrays.equals(dims, episodeDims)) {
        throw new IllegalArgumentException(
            "scaler "
                + spec.type().jsonName()
                + ": episode "
                + episode.id()
                + " has observation shape "
                + Arrays.toString(episodeDims)
                + ", earlier episodes "
                + Arrays.toString(dims));
      }
    }
    if (dims == null) {
      if (spec.type() != ScalerType.PIXEL && spec.isFitted()) {
        return fromSpec(spec, frameDimsOf(spec), nFrames);
      }
      throw new IllegalArgumentException(
          "scaler " + spec.type().jsonName() + ": no episodes to fit on");
    }
    if (spec.isFitted()) {
      return fromSpec(spec, dims, nFrames);
    }
    FeatureStatistics stats = new FeatureStatistics(ScalerChecks.size(dims));
    for (Episode episode : episodes) {
      stats.addEpisode(episode);
    }
    return fromStatistics(spec.type(), stats, dims, nFrames);
  }

  /**
   * A scaler of {@code type} from statistics of single frames of shape {@code frameDims}.
   *
   * @throws IllegalArgumentException if the statistics are empty or of another size
   */
  public static ObservationScaler fromStatistics(
      ScalerType type, FeatureStatistics stats, int[] frameDims, int nFrames) {
    if (type == ScalerType.PIXEL) {
      return new PixelScaler(frameDims, nFrames);
    }
    if (stats.count() == 0) {
      throw new IllegalArgumentException(
          "scaler " + type.jsonName() + ": no observations to fit on");
    }
    if (stats.size() != ScalerChecks.size(frameDims)) {
      throw new IllegalArgumentException(
          "scaler "
              + type.jsonName()
              + ": statistics of "
              + stats.size()
              + " features for frame shape "
              + Arrays.toString(frameDims));
    }
    return type == ScalerType.MIN_MAX
        ? new MinMaxScaler(frameDims, stats.min(), stats.max(), nFrames)
        : new StandardScaler(frameDims, stats.mean(), stats.populationStd(), nFrames);
  }

  /**
   * The scaler of a fitted {@code min_max} or {@code standard} spec, its frame shape taken from the
   * parameters' shape {@code (1, ...frameDims)}, without frame stacking.
   *
   * @throws IllegalArgumentException for {@code pixel} (it has no parameters to take a shape from:
   *     use {@link #fromSpec(ScalerSpec, int[], int)}) or an unfitted spec
   */
  public static ObservationScaler fromSpec(ScalerSpec spec) {
    if (spec.type() == ScalerType.PIXEL) {
      throw new IllegalArgumentException(
          "scaler pixel: has no parameters to take the observation shape from;"
              + " give the shape with fromSpec(spec, frameDims, nFrames)");
    }
    return fromSpec(spec, frameDimsOf(spec), 1);
  }

  /**
   * The scaler of a fitted spec for single frames of shape {@code frameDims}, applied to each of
   * {@code nFrames} stacked frames.
   *
   * @throws IllegalArgumentException if the spec is not fitted or its parameters' shape is not
   *     {@code (1, ...frameDims)}
   */
  public static ObservationScaler fromSpec(ScalerSpec spec, int[] frameDims, int nFrames) {
    String name = spec.type().jsonName();
    if (!spec.isFitted()) {
      throw new IllegalArgumentException(
          "scaler " + name + ": has no fitted parameters; fit it on episodes first");
    }
    if (spec.type() == ScalerType.PIXEL) {
      return new PixelScaler(frameDims, nFrames);
    }
    int[] paramDims = frameDimsOf(spec);
    if (!Arrays.equals(paramDims, frameDims)) {
      throw new IllegalArgumentException(
          "scaler "
              + name
              + ": fitted parameters have shape "
              + Arrays.toString(spec.params().values().iterator().next().shape())
              + ", observations "
              + Arrays.toString(frameDims)
              + " need (1, "
              + Arrays.toString(frameDims).replaceAll("[\\[\\]]", "")
              + ")");
    }
    if (spec.type() == ScalerType.MIN_MAX) {
      return new MinMaxScaler(
          frameDims,
          spec.params().get("minimum").values(),
          spec.params().get("maximum").values(),
          nFrames);
    }
    return new StandardScaler(
        frameDims, spec.params().get("mean").values(), spec.params().get("std").values(), nFrames);
  }

  private static int[] frameDimsOf(ScalerSpec spec) {
    if (spec.params().isEmpty()) {
      throw new IllegalArgumentException(
          "scaler "
              + spec.type().jsonName()
              + ": has no fitted parameters; fit it on episodes first");
    }
    int[] shape = spec.params().values().iterator().next().shape();
    if (shape.length < 2 || shape[0] != 1) {
      throw new IllegalArgumentException(
          "scaler "
              + spec.type().jsonName()
              + ": fitted parameters must have shape (1, ...observation_shape), got "
              + Arrays.toString(shape));
    }
    return Arrays.copyOfRange(shape, 1, shape.length);
  }
}

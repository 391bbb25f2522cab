package io.sparkrl.datasets;

import java.util.List;
import java.util.Set;

/**
 * What {@code dataset.json} records beside the part files of an episode dataset (docs/design.md
 * §2.2). {@link DatasetManifestParser} turns it into JSON and back.
 *
 * <p>The essentials are the format version, observation shape and dtype, and action count; a
 * manifest holding only these (written by hand or by another tool) is complete enough to read the
 * dataset. Everything else is optional and null when unknown: the episode-id type is then taken
 * from the part files' schema (see {@code EpisodeParquetReader#manifest()}), and the counts and
 * statistics are computed from the rows by whoever needs them ({@link #isComplete()} says whether
 * they must be).
 *
 * <p>Statistics follow {@link DatasetStatistics}: observation statistics are over all rows (per
 * feature for vectors; one overall value for images, in 0..255), returns are undiscounted sums of
 * rewards over each episode's transitions, and action counts are over transitions. A statistic with
 * a value that is not finite carries no information and is stored as unknown (null), so it never
 * makes a manifest unreadable; NaN or infinite rewards and observations in the data itself are
 * rejected by validation.
 *
 * @param schemaVersion the format version, {@link #CURRENT_SCHEMA_VERSION} when written by this
 *     code
 * @param observationShape {@code [features]} or {@code [C, H, W]}
 * @param observationDtype {@link #DTYPE_FLOAT32} for vectors, {@link #DTYPE_UINT8} for images
 * @param actionSize the number of discrete actions
 * @param episodeIdType {@link #ID_INT64} or {@link #ID_STRING}: the type of the episode_id column;
 *     null when unknown
 * @param episodes episodes in the dataset; null when unknown
 * @param rows rows (steps) in the dataset; null when unknown
 * @param transitions transitions the algorithm learns from (see {@link Episode#transitionCount()});
 *     null when unknown
 * @param observationStatistics observation statistics; null when there are no episodes or they are
 *     unknown
 * @param returnStatistics episode-return statistics; null when there are no episodes or they are
 *     unknown
 * @param actionCounts transitions per action, {@code actionSize} entries; null when unknown
 */
public record DatasetManifest(
    int schemaVersion,
    ObservationShape observationShape,
    String observationDtype,
    int actionSize,
    String episodeIdType,
    Long episodes,
    Long rows,
    Long transitions,
    FeatureStatistics observationStatistics,
    ScalarStatistics returnStatistics,
    List<Long> actionCounts) {

  /** The file name of the manifest inside a dataset directory. */
  public static final String FILE_NAME = "dataset.json";

  /** The schema version this code writes, and the newest it reads. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  /** Observation dtype of vector datasets. */
  public static final String DTYPE_FLOAT32 = "float32";

  /** Observation dtype of image datasets. */
  public static final String DTYPE_UINT8 = "uint8";

  /** Episode ids stored as int64. */
  public static final String ID_INT64 = "int64";

  /** Episode ids stored as UTF-8 strings. */
  public static final String ID_STRING = "string";

  private static final Set<String> DTYPES = Set.of(DTYPE_FLOAT32, DTYPE_UINT8);
  private static final Set<String> ID_TYPES = Set.of(ID_INT64, ID_STRING);

  public DatasetManifest {
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schema_version must be >= 1, got " + schemaVersion);
    }
    if (observationShape == null) {
      throw new IllegalArgumentException("observation_shape is required");
    }
    if (!DTYPES.contains(observationDtype)) {
      throw new IllegalArgumentException(
          "observation_dtype must be float32 or uint8, got " + observationDtype);
    }
    String expectedDtype = dtypeOf(observationShape);
    if (!expectedDtype.equals(observationDtype)) {
      throw new IllegalArgumentException(
          "observation_dtype "
              + observationDtype
              + " does not match observation_shape "
              + observationShape
              + ", expected "
              + expectedDtype);
    }
    if (actionSize < 1) {
      throw new IllegalArgumentException("action_size must be >= 1, got " + actionSize);
    }
    if (episodeIdType != null && !ID_TYPES.contains(episodeIdType)) {
      throw new IllegalArgumentException(
          "episode_id_type must be int64 or string, got " + episodeIdType);
    }
    requireCount("episodes", episodes);
    requireCount("rows", rows);
    requireCount("transitions", transitions);
    int statLength = statisticsLength(observationShape);
    if (observationStatistics != null && observationStatistics.mean().size() != statLength) {
      throw new IllegalArgumentException(
          "observation_statistics must have "
              + statLength
              + " values per statistic for shape "
              + observationShape
              + ", got "
              + observationStatistics.mean().size());
    }
    if (observationStatistics != null && !observationStatistics.isFinite()) {
      observationStatistics = null;
    }
    if (returnStatistics != null && !returnStatistics.isFinite()) {
      returnStatistics = null;
    }
    if (actionCounts != null) {
      if (actionCounts.size() != actionSize) {
        throw new IllegalArgumentException(
            "action_counts must have action_size = "
                + actionSize
                + " entries, got "
                + actionCounts.size());
      }
      for (Long count : actionCounts) {
        if (count == null) {
          throw new IllegalArgumentException(
              "action_counts must not hold null, got " + actionCounts);
        }
        requireCount("action_counts", count);
      }
      actionCounts = List.copyOf(actionCounts);
    }
  }

  /**
   * A manifest with the essentials only: the current schema version, {@code shape} with its dtype
   * and {@code actionSize}; everything else unknown.
   */
  public static DatasetManifest essentials(ObservationShape shape, int actionSize) {
    return new DatasetManifest(
        CURRENT_SCHEMA_VERSION,
        shape,
        shape == null ? null : dtypeOf(shape),
        actionSize,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This manifest with {@code type} as its episode-id type. */
  public DatasetManifest withEpisodeIdType(String type) {
    return new DatasetManifest(
        schemaVersion,
        observationShape,
        observationDtype,
        actionSize,
        type,
        episodes,
        rows,
        transitions,
        observationStatistics,
        returnStatistics,
        actionCounts);
  }

  /**
   * Whether every count and statistic is known: episodes, rows, transitions and action counts, and
   * both statistics unless there are no episodes. When false, a caller that needs them computes
   * them from the rows ({@link DatasetStatistics}).
   */
  public boolean isComplete() {
    return episodes != null
        && rows != null
        && transitions != null
        && actionCounts != null
        && (episodes == 0 || (observationStatistics != null && returnStatistics != null));
  }

  /** The dtype of observations of {@code shape}: uint8 for images, float32 for vectors. */
  public static String dtypeOf(ObservationShape shape) {
    return shape.isImage() ? DTYPE_UINT8 : DTYPE_FLOAT32;
  }

  /** Values per observation statistic for {@code shape}: 1 for images, the feature count else. */
  static int statisticsLength(ObservationShape shape) {
    return shape.isImage() ? 1 : shape.size();
  }

  private static void requireCount(String key, Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(key + " must be >= 0, got " + value);
    }
  }

  /**
   * Per-feature observation statistics; std is the population standard deviation. All four lists
   * have the same length: the feature count for vectors, 1 (over all pixels) for images.
   */
  public record FeatureStatistics(
      List<Double> mean, List<Double> std, List<Double> min, List<Double> max) {

    public FeatureStatistics {
      if (mean == null || std == null || min == null || max == null) {
        throw new IllegalArgumentException("observation statistics need mean, std, min and max");
      }
      int n = mean.size();
      if (std.size() != n || min.size() != n || max.size() != n) {
        throw new IllegalArgumentException(
            "observation statistics lengths disagree: mean "
                + n
                + ", std "
                + std.size()
                + ", min "
                + min.size()
                + ", max "
                + max.size());
      }
      mean = List.copyOf(mean);
      std = List.copyOf(std);
      min = List.copyOf(min);
      max = List.copyOf(max);
    }

    /** Whether every value is finite. */
    public boolean isFinite() {
      return allFinite(mean) && allFinite(std) && allFinite(min) && allFinite(max);
    }

    private static boolean allFinite(List<Double> values) {
      return values.stream().allMatch(Double::isFinite);
    }
  }

  /** Statistics of one scalar (episode returns); std is the population standard deviation. */
  public record ScalarStatistics(double mean, double std, double min, double max) {

    /** Whether every value is finite. */
    public boolean isFinite() {
      return Double.isFinite(mean)
          && Double.isFinite(std)
          && Double.isFinite(min)
          && Double.isFinite(max);
    }
  }
}

package io.sparkrl.datasets.imports;

import io.sparkrl.datasets.EpisodeColumns;
import io.sparkrl.datasets.validation.ValidationRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each column of an episode CSV is, resolved by name from its header row: positions in a
 * record, -1 for an absent optional column, and the {@code obs_i} columns ordered by i.
 */
record CsvColumns(
    int episodeId,
    int step,
    int[] observations,
    int action,
    int reward,
    int terminal,
    int timeout,
    int actionProb,
    int width) {

  /** Prefix of the observation columns obs_0 .. obs_{k−1}. */
  static final String OBSERVATION_PREFIX = "obs_";

  private static final Pattern OBSERVATION = Pattern.compile("obs_(\\d{1,9})");

  private static final String EXPECTED =
      "episode_id, step, obs_0..obs_{k-1}, action, reward, terminal[, timeout][, action_prob]";

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * Resolves {@code header} (names as read; surrounding spaces and a UTF-8 byte order mark are
   * ignored) of the file {@code source}.
   *
   * @throws ImportException for a missing required column, an unknown or duplicate column, or a gap
   *     in the obs indices
   */
  static CsvColumns resolve(List<String> header, String source) {
    Map<String, Integer> named = new HashMap<>();
    TreeMap<Integer, Integer> observations = new TreeMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).trim();
      if (i == 0 && !name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK) {
        name = name.substring(1).trim();
      }
      Matcher obs = OBSERVATION.matcher(name);
      Integer previous;
      if (obs.matches()) {
        previous = observations.put(Integer.parseInt(obs.group(1)), i);
      } else if (EpisodeColumns.REQUIRED.contains(name) || EpisodeColumns.OPTIONAL.contains(name)) {
        previous = named.put(name, i);
      } else {
        throw mistyped(
            source, name, "unknown column \"" + name + "\" in the header; expected " + EXPECTED);
      }
      if (previous != null) {
        throw mistyped(
            source,
            name,
            "column "
                + name
                + " appears twice in the header (positions "
                + (previous + 1)
                + " and "
                + (i + 1)
                + ")");
      }
    }
    if (observations.isEmpty()) {
      throw missing(source, OBSERVATION_PREFIX + "0");
    }
    int[] obs = new int[observations.size()];
    int k = 0;
    for (Map.Entry<Integer, Integer> e : observations.entrySet()) {
      if (e.getKey() != k) {
        throw mistyped(
            source,
            OBSERVATION_PREFIX + k,
            "column "
                + OBSERVATION_PREFIX
                + k
                + " is missing: observation columns must be obs_0..obs_{k-1} without gaps, found "
                + OBSERVATION_PREFIX
                + e.getKey());
      }
      obs[k++] = e.getValue();
    }
    return new CsvColumns(
        required(named, EpisodeColumns.EPISODE_ID, source),
        required(named, EpisodeColumns.STEP, source),
        obs,
        required(named, EpisodeColumns.ACTION, source),
        required(named, EpisodeColumns.REWARD, source),
        required(named, EpisodeColumns.TERMINAL, source),
        named.getOrDefault(EpisodeColumns.TIMEOUT, -1),
        named.getOrDefault(EpisodeColumns.ACTION_PROB, -1),
        header.size());
  }

  private static int required(Map<String, Integer> named, String column, String source) {
    Integer at = named.get(column);
    if (at == null) {
      throw missing(source, column);
    }
    return at;
  }

  private static ImportException missing(String source, String column) {
    return ImportException.of(
        source,
        column,
        ValidationRule.MISSING_COLUMN,
        "required column " + column + " is missing from the header; expected " + EXPECTED);
  }

  private static ImportException mistyped(String source, String column, String detail) {
    return ImportException.of(source, column, ValidationRule.MISTYPED_COLUMN, detail);
  }
}

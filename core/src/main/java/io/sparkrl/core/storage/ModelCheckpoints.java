package io.sparkrl.core.storage;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When and under which name {@code fit} saves the model, following d3rlpy v0.23: after epoch {@code
 * e} (0-based) whenever {@code e % saveInterval == 0}, so the first save is {@code model_0.zip} and
 * the last epoch is saved only if it falls on the interval. sparkrl's model archives are zips where
 * d3rlpy writes {@code model_{epoch}.pt}.
 */
public final class ModelCheckpoints {

  /** d3rlpy's {@code save_interval} default: every epoch. */
  public static final int DEFAULT_SAVE_INTERVAL = 1;

  /** The file name prefix. */
  public static final String PREFIX = "model_";

  /** The file extension. */
  public static final String EXTENSION = ".zip";

  private static final Pattern NAME =
      Pattern.compile(Pattern.quote(PREFIX) + "(0|[1-9][0-9]*)" + Pattern.quote(EXTENSION));

  private final int saveInterval;

  /**
   * Creates the rule for an interval.
   *
   * @param saveInterval save every this many epochs; at least 1
   * @throws IllegalArgumentException if {@code saveInterval < 1}
   */
  public ModelCheckpoints(int saveInterval) {
    if (saveInterval < 1) {
      throw new IllegalArgumentException("save_interval must be >= 1, got: " + saveInterval);
    }
    this.saveInterval = saveInterval;
  }

  /**
   * The rule with d3rlpy's default interval, {@value #DEFAULT_SAVE_INTERVAL}.
   *
   * @return the default rule
   */
  public static ModelCheckpoints defaults() {
    return new ModelCheckpoints(DEFAULT_SAVE_INTERVAL);
  }

  /**
   * The save interval.
   *
   * @return epochs between saves
   */
  public int saveInterval() {
    return saveInterval;
  }

  /**
   * Whether the model is saved after an epoch.
   *
   * @param epoch the 0-based epoch just finished
   * @return {@code epoch % saveInterval == 0}
   * @throws IllegalArgumentException if {@code epoch} is negative
   */
  public boolean shouldSave(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got: " + epoch);
    }
    return epoch % saveInterval == 0;
  }

  /**
   * The checkpoint file name for an epoch.
   *
   * @param epoch the 0-based epoch
   * @return {@code model_{epoch}.zip}
   * @throws IllegalArgumentException if {@code epoch} is negative
   */
  public static String fileName(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got: " + epoch);
    }
    return PREFIX + epoch + EXTENSION;
  }

  /**
   * The epoch of a checkpoint file name, the inverse of {@link #fileName(int)}.
   *
   * @param fileName a file name, without directory
   * @return the epoch, or empty if the name is not a checkpoint name
   */
  public static OptionalInt parseEpoch(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(m.group(1)));
    } catch (NumberFormatException tooLarge) {
      return OptionalInt.empty();
    }
  }

  /**
   * The checkpoint of the highest epoch among file names.
   *
   * @param fileNames names in a run directory
   * @return its file name, or empty if none is a checkpoint name
   */
  public static java.util.Optional<String> latest(java.util.Collection<String> fileNames) {
    int last = -1;
    for (String n : fileNames) {
      OptionalInt epoch = parseEpoch(n);
      if (epoch.isPresent() && epoch.getAsInt() > last) {
        last = epoch.getAsInt();
      }
    }
    return last < 0 ? java.util.Optional.empty() : java.util.Optional.of(fileName(last));
  }
}

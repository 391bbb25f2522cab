package io.sparkrl.core.dynamics;

/**
 * What a dynamics model predicts for {@code rows} (observation, action) pairs.
 *
 * @param rows number of pairs
 * @param nextObservations s', {@code rows × observationSize} values, row-major, in observation
 *     units
 * @param rewards r', the reward for taking the action, one per row
 * @param variances uncertainty per row, d3rlpy's {@code variance_type="max"}: the largest, over the
 *     ensemble members, of a member's predicted variance summed over the next-observation features
 *     (in observation units) and the reward
 */
public record DynamicsPrediction(
    int rows, float[] nextObservations, float[] rewards, float[] variances) {

  /** Checks that the arrays hold {@code rows} entries. */
  public DynamicsPrediction {
    if (rows < 0
        || rewards.length != rows
        || variances.length != rows
        || (rows > 0 && nextObservations.length % rows != 0)) {
      throw new IllegalArgumentException(
          "dynamics prediction: array lengths disagree for " + rows + " rows");
    }
  }

  /** Next observation of row i as a new array. */
  public float[] nextObservation(int i) {
    int d = nextObservations.length / rows;
    float[] out = new float[d];
    System.arraycopy(nextObservations, i * d, out, 0, d);
    return out;
  }
}

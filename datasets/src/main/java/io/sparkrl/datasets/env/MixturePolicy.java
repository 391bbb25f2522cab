package io.sparkrl.datasets.env;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A per-episode mixture: at {@link #beginEpisode(long)} it picks one member with probability
 * proportional to its weight, drawn from the episode seed, and follows that member for the whole
 * episode. {@link #probabilities(float[])} are the chosen member's, so the recorded {@code
 * action_prob} is the probability under the policy that actually acted, not the mixture's marginal.
 *
 * <p>Holds the current choice, so one instance serves one episode at a time.
 */
public final class MixturePolicy implements BehaviourPolicy {

  private final List<BehaviourPolicy> members;
  private final double[] cumulativeWeights;
  private int current = -1;

  /**
   * @throws IllegalArgumentException if the lists' sizes differ or are empty, a weight is negative
   *     or not finite, the weights sum to 0, or members disagree on the action count
   */
  public MixturePolicy(List<? extends BehaviourPolicy> members, double[] weights) {
    if (members.isEmpty() || members.size() != weights.length) {
      throw new IllegalArgumentException(
          "mixture needs one weight per member, got "
              + members.size()
              + " members and "
              + weights.length
              + " weights");
    }
    this.members = List.copyOf(members);
    this.cumulativeWeights = new double[weights.length];
    double total = 0.0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0.0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("mixture weight " + i + " is " + weights[i]);
      }
      if (this.members.get(i).actionCount() != this.members.get(0).actionCount()) {
        throw new IllegalArgumentException(
            "mixture member "
                + i
                + " has "
                + this.members.get(i).actionCount()
                + " actions, member 0 has "
                + this.members.get(0).actionCount());
      }
      total += weights[i];
      cumulativeWeights[i] = total;
    }
    if (!(total > 0.0)) {
      throw new IllegalArgumentException("mixture weights sum to " + total);
    }
    int lastPositive = 0;
    for (int i = 0; i < weights.length; i++) {
      cumulativeWeights[i] /= total;
      lastPositive = weights[i] > 0.0 ? i : lastPositive;
    }
    // Exactly 1 so rounding can never hand an episode to a zero-weight member at the end.
    cumulativeWeights[lastPositive] = 1.0;
  }

  @Override
  public void beginEpisode(long episodeSeed) {
    SplittableRandom random = new SplittableRandom(episodeSeed);
    double u = random.nextDouble();
    int chosen = 0;
    while (u >= cumulativeWeights[chosen]) {
      chosen++;
    }
    current = chosen;
    members.get(current).beginEpisode(random.nextLong());
  }

  /** The index of the member acting in this episode, or −1 before the first episode. */
  public int currentMember() {
    return current;
  }

  public List<BehaviourPolicy> members() {
    return members;
  }

  @Override
  public int actionCount() {
    return members.get(0).actionCount();
  }

  /**
   * @throws IllegalStateException before {@link #beginEpisode(long)}
   */
  @Override
  public double[] probabilities(float[] observation) {
    if (current < 0) {
      throw new IllegalStateException("mixture policy used before beginEpisode chose a member");
    }
    return members.get(current).probabilities(observation);
  }

  @Override
  public String toString() {
    return "MixturePolicy" + members;
  }
}

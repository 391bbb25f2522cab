package io.sparkrl.core.ope;

import io.sparkrl.core.DiscreteAWR;
import io.sparkrl.datasets.Episode;

/**
 * A trained DiscreteAWR as a {@link TargetPolicy}: its greedy policy (one-hot argmax of the actor,
 * ties to the lowest action as {@code predict}) or its softmax actor, on the episode's rows stacked
 * and scaled as the model consumes them.
 */
public final class ModelTargetPolicy implements TargetPolicy {

  private final DiscreteAWR model;
  private final TargetMode mode;

  /**
   * @param model a model with networks ({@code createImpl} or loaded)
   * @param mode which of its policies
   */
  public ModelTargetPolicy(DiscreteAWR model, TargetMode mode) {
    this.model = model;
    this.mode = mode;
  }

  @Override
  public int actionSize() {
    return model.actionSize();
  }

  @Override
  public float[] probabilities(Episode episode) {
    float[] probs = model.episodeActionProbabilities(episode);
    return mode == TargetMode.GREEDY ? greedy(probs, model.actionSize()) : probs;
  }

  /** One-hot rows at each row's argmax (lowest action on ties). */
  static float[] greedy(float[] probs, int actionSize) {
    int rows = probs.length / actionSize;
    float[] out = new float[probs.length];
    for (int i = 0; i < rows; i++) {
      int best = 0;
      for (int a = 1; a < actionSize; a++) {
        if (probs[i * actionSize + a] > probs[i * actionSize + best]) {
          best = a;
        }
      }
      out[i * actionSize + best] = 1f;
    }
    return out;
  }
}

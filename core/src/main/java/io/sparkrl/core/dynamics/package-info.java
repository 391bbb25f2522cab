/**
 * Model-based data augmentation, d3rlpy v0.23's {@code dynamics} hyperparameter (docs/design.md
 * §1.2, §1.3): a probabilistic ensemble of MLPs that predicts the next observation and the reward
 * of a (vector observation, discrete action) pair ({@link
 * io.sparkrl.core.dynamics.ProbabilisticEnsembleDynamics}), fitted on the transitions of episodes
 * and saved as a zip, and the short rollouts with the current policy that {@code DiscreteAWR.fit}
 * appends to the real transitions every epoch ({@link io.sparkrl.core.dynamics.ModelRollouts}).
 * Plain ND4J; no Spark.
 */
package io.sparkrl.core.dynamics;

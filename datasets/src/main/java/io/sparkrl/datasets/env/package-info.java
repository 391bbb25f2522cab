/**
 * Environments, behaviour policies and dataset generation: small discrete-action environments
 * ({@link io.sparkrl.datasets.env.CartPole}, {@link io.sparkrl.datasets.env.CatchEnv}), behaviour
 * policies with known action probabilities, and {@link io.sparkrl.datasets.env.EpisodeGenerator},
 * which rolls a policy out in an environment and writes {@link io.sparkrl.datasets.Episode}s in the
 * docs/design.md §2 layout (one row per step; a cut-off episode ends with its bootstrap state s_T).
 *
 * <p>Everything is deterministic for a seed and uses no global randomness, so the same episodes
 * come out in one JVM and on any number of executors. Environments and mixture policies hold
 * per-episode state and are not thread-safe: use one instance per thread. {@link
 * io.sparkrl.datasets.env.Environments} and {@link io.sparkrl.datasets.env.Policies} build them by
 * name, which is how remote workers should get their own copies.
 */
package io.sparkrl.datasets.env;

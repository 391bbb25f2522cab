/**
 * JMH benchmarks of the learner's SGD steps (run by {@code scripts/bench-steps.sh}, not by
 * Surefire): one critic and one actor step of the default vector and image networks at batch 256,
 * each next to a floor benchmark of the same step's matrix products alone, and a whole {@code
 * AwrLearner.train} call.
 */
package io.sparkrl.bench.steps;

/**
 * Learning checks run by hand (plain {@code main} classes, not unit tests): they train on generated
 * datasets and print learning curves.
 */
package io.sparkrl.core.algo.bench;

/** Benchmarks run by {@code scripts/bench*.sh}; never by the test suite. */
package io.sparkrl.bench;

/** Scorers of d3rlpy's DiscreteAWR: TD error, value estimates, action match, environment return. */
package io.sparkrl.core.metrics;

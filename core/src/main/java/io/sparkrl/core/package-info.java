/** sparkrl's engine-free core: the DiscreteAWR algorithm and what it needs. Never imports Spark. */
package io.sparkrl.core;

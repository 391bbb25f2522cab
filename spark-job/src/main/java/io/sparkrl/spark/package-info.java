/** sparkrl's Spark side: session setup and the pieces that run on executors. */
package io.sparkrl.spark;

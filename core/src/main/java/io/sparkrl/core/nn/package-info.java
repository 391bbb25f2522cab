/**
 * DiscreteAWR's networks on DL4J: the actor and critic builders ({@link
 * io.sparkrl.core.nn.AwrNetworks}), PyTorch's default parameter initialisation ({@link
 * io.sparkrl.core.nn.PyTorchInit}) and PyTorch's SGD with heavy-ball momentum as a DL4J updater
 * ({@link io.sparkrl.core.nn.HeavyBallMomentum}).
 */
package io.sparkrl.core.nn;

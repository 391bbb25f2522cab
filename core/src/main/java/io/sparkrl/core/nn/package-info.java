/**
 * DiscreteAWR's networks on DL4J: the actor and critic builders ({@link
 * io.sparkrl.core.nn.AwrNetworks}), PyTorch's default parameter initialisation ({@link
 * io.sparkrl.core.nn.PyTorchInit}) and PyTorch's SGD with heavy-ball momentum as a DL4J updater
 * ({@link io.sparkrl.core.nn.HeavyBallMomentum}), and their SGD steps ({@link
 * io.sparkrl.core.nn.TrainingStep}): hand-written for the dense ({@link
 * io.sparkrl.core.nn.DenseStepper}) and convolutional ({@link io.sparkrl.core.nn.ConvStepper})
 * networks without batch norm, DL4J's {@code fit} for the others.
 */
package io.sparkrl.core.nn;

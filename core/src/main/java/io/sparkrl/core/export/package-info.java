/**
 * Policy export: {@link io.sparkrl.core.export.OnnxPolicyExporter} writes the greedy policy of a
 * DL4J actor network, with the observation scaler baked in, as an ONNX model that runs without
 * sparkrl (d3rlpy's {@code save_policy(fname, as_onnx=True)}). The protobuf is encoded by hand, so
 * no generated ONNX classes are needed.
 */
package io.sparkrl.core.export;

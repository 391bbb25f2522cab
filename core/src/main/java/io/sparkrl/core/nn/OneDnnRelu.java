package io.sparkrl.core.nn;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A hidden layer's ReLU and its gradient mask in place on the layer's native row-major {@code
 * [rows, width]} arrays, through oneDNN's JIT-vectorised primitives. The ReLU is an eltwise
 * primitive (≈ 3–5 µs over 256×256, against ≈ 24 µs on Java copies; a JIT-compiled loop over the
 * native memory itself is not vectorised). The mask, {@code δ = δ ⊙ [a > 0]}, is one binary
 * primitive: the comparison {@code a > 0}, times δ as its post-op, written over δ. Over 256×256 on
 * the Zen 5 VM it takes ≈ 7 µs, where oneDNN 2.5's ReLU backward took ≈ 14 (docs/benchmarks.md,
 * "The fused forward and a cheaper mask, on a Zen 5 VM"). oneDNN documents in-place execution for a
 * binary primitive's first source, not for a post-op's operand; its elementwise kernel reads each
 * vector of the operand before it writes the same vector of the output, which {@code
 * BlasStepBuffersTest} checks on the oneDNN version the build pins. A separate output array
 * measured slower (one more array in the step's cache footprint). A negative input comes out of the
 * ReLU as −0, and a masked-off gradient as ±0: the same value for every product or sum.
 *
 * <p>Built once per array pair (its primitives are compiled for the shape); not thread-safe.
 */
final class OneDnnRelu {

  /** oneDNN's {@code DNNL_ARG_ATTR_MULTIPLE_POST_OP(0)}, a macro the preset does not map. */
  private static final int FIRST_POST_OP = dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;

  private final stream stream;
  private final eltwise_forward relu;
  private final binary mask;
  private final IntMemoryMap forwardArgs = new IntMemoryMap();
  private final IntMemoryMap maskArgs = new IntMemoryMap();
  private final FloatPointer zero;

  /**
   * @param rows rows of both arrays
   * @param width values per row
   * @param activation the layer's output, made ReLU in place by {@link #relu}
   * @param delta the gradient at the layer's output, masked in place by {@link #mask}; null for the
   *     ReLU alone
   */
  OneDnnRelu(int rows, int width, FloatPointer activation, FloatPointer delta) {
    engine e = OneDnnGemm.engine();
    stream = new stream(e);
    memory.desc shape =
        new memory.desc(new long[] {rows, width}, memory.data_type.f32, memory.format_tag.ab);
    relu =
        new eltwise_forward(
            new eltwise_forward.primitive_desc(
                new eltwise_forward.desc(
                    dnnl.prop_kind.forward_inference, dnnl.algorithm.eltwise_relu, shape, 0f, 0f),
                e,
                false));
    memory a = new memory(shape, e, OneDnnGemm.handle(activation));
    forwardArgs.put(dnnl.DNNL_ARG_SRC, a);
    forwardArgs.put(dnnl.DNNL_ARG_DST, a);
    zero = delta == null ? null : new FloatPointer(1).put(0f);
    if (delta == null) {
      mask = null;
      return;
    }
    memory.desc scalar =
        new memory.desc(new long[] {1, 1}, memory.data_type.f32, memory.format_tag.ab);
    post_ops times = new post_ops();
    times.append_binary(dnnl.algorithm.binary_mul, shape);
    primitive_attr attr = new primitive_attr();
    attr.set_post_ops(times);
    mask =
        new binary(
            new binary.primitive_desc(
                new binary.desc(dnnl.algorithm.binary_gt, shape, scalar, shape), attr, e, false));
    maskArgs.put(dnnl.DNNL_ARG_SRC_0, a);
    maskArgs.put(dnnl.DNNL_ARG_SRC_1, new memory(scalar, e, zero));
    memory d = new memory(shape, e, OneDnnGemm.handle(delta));
    maskArgs.put(FIRST_POST_OP | dnnl.DNNL_ARG_SRC_1, d);
    maskArgs.put(dnnl.DNNL_ARG_DST, d);
  }

  /** The ReLU alone over the first {@code rows × width} values of {@code activation}. */
  static OneDnnRelu forwardOnly(int rows, int width, FloatPointer activation) {
    return new OneDnnRelu(rows, width, activation, null);
  }

  /** {@code a = max(a, 0)} in place. */
  void relu() {
    OneDnnGemm.threadsForThisThread();
    relu.execute(stream, forwardArgs);
  }

  /**
   * {@code δ = δ ⊙ [a > 0]} in place, {@code a} the layer's output after its ReLU; not for {@link
   * #forwardOnly}.
   */
  void mask() {
    OneDnnGemm.threadsForThisThread();
    mask.execute(stream, maskArgs);
  }
}

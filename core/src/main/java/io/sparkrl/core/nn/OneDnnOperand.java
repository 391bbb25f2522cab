package io.sparkrl.core.nn;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A oneDNN memory object of a compiled primitive, pointed at the caller's array before each run and
 * only re-pointed when the array changes (a network's arrays may be replaced; a step's features
 * come in a new pointer every step). Not thread-safe.
 */
final class OneDnnOperand {

  private final memory memory;
  private FloatPointer last;

  /** An operand of layout {@code desc} with no handle yet (DNNL_MEMORY_NONE). */
  OneDnnOperand(memory.desc desc, engine e) {
    memory = new memory(desc, e, new Pointer());
  }

  memory memory() {
    return memory;
  }

  /** Points the memory at {@code p} (at its position) unless it already points there. */
  void point(FloatPointer p) {
    if (p != last) {
      memory.set_data_handle(OneDnnGemm.handle(p));
      last = p;
    }
  }
}

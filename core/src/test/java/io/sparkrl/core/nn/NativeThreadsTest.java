package io.sparkrl.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeThreadsTest {

  @Test
  void limitsBlasThreadsToOne() {
    // On a multi-core machine ND4J starts with one thread per core; the limit brings it to one.
    NativeThreads.limit(1);
    assertThat(NativeThreads.blasThreads()).isEqualTo(1);
    NativeThreads.limit(1);
    assertThat(NativeThreads.blasThreads()).isEqualTo(1);
    assertThatThrownBy(() -> NativeThreads.limit(0)).hasMessageContaining("got 0");
  }
}

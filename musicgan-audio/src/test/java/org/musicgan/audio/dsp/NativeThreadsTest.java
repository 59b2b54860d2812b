package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {
  @Test
  void advisesPassiveWaitingOnlyWithMoreThanOneNativeThread() {
    assertNull(NativeThreads.advice(Map.of("OMP_NUM_THREADS", "1")));
    assertNull(
        NativeThreads.advice(
            Map.of(
                "OMP_NUM_THREADS", "2",
                "OMP_WAIT_POLICY", "passive",
                "OPENBLAS_THREAD_TIMEOUT", "4")));
    String both = NativeThreads.advice(Map.of("OMP_NUM_THREADS", "2"));
    assertTrue(
        both.contains("OMP_WAIT_POLICY=PASSIVE") && both.contains("OPENBLAS_THREAD_TIMEOUT=4"),
        both);
    String one =
        NativeThreads.advice(
            Map.of(
                "OMP_NUM_THREADS", "2",
                "OMP_WAIT_POLICY", "PASSIVE",
                "OPENBLAS_THREAD_TIMEOUT", "10"));
    assertTrue(one.contains("OPENBLAS_THREAD_TIMEOUT=4") && !one.contains("OMP_WAIT"), one);
  }
}

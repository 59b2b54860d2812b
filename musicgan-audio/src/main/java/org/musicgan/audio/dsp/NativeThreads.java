package org.musicgan.audio.dsp;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Advice on the native thread settings that training runs fast with. With {@code OMP_NUM_THREADS}
 * above 1, ND4J's OpenMP threads and OpenBLAS's threads keep spinning for a while after every
 * native op. Between two ops MusicGAN runs its own loops on every core ({@link Parallel}), and the
 * spinning threads take those cores: measured on 2 cores, a paper-width Stage I step went from 3.57
 * to 2.83 s and a basic_rnn step from 949 to 803 ms with {@code OMP_WAIT_POLICY=PASSIVE} (OpenMP
 * threads sleep at once) and {@code OPENBLAS_THREAD_TIMEOUT=4} (OpenBLAS threads spin 2^4 cycles).
 * Both are read when the native libraries load, so they must be in the environment of the JVM;
 * {@code bin/musicgan} sets them.
 */
public final class NativeThreads {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(NativeThreads.class);
  private static final AtomicBoolean ADVISED = new AtomicBoolean();

  private NativeThreads() {}

  /**
   * What to change in {@code env} (a process environment), or null when nothing: with more than one
   * native thread, {@code OMP_WAIT_POLICY=PASSIVE} and {@code OPENBLAS_THREAD_TIMEOUT=4} (any value
   * up to 4) should be set.
   */
  public static String advice(Map<String, String> env) {
    int threads;
    try {
      threads = Integer.parseInt(env.getOrDefault("OMP_NUM_THREADS", "").trim());
    } catch (NumberFormatException e) {
      threads = Runtime.getRuntime().availableProcessors(); // ND4J's default: every core
    }
    if (threads <= 1) {
      return null;
    }
    StringBuilder missing = new StringBuilder();
    if (!"passive".equalsIgnoreCase(env.getOrDefault("OMP_WAIT_POLICY", "").trim())) {
      missing.append(" OMP_WAIT_POLICY=PASSIVE");
    }
    int timeout;
    try {
      timeout = Integer.parseInt(env.getOrDefault("OPENBLAS_THREAD_TIMEOUT", "").trim());
    } catch (NumberFormatException e) {
      timeout = Integer.MAX_VALUE;
    }
    if (timeout > 4) {
      missing.append(" OPENBLAS_THREAD_TIMEOUT=4");
    }
    if (missing.length() == 0) {
      return null;
    }
    return "with "
        + threads
        + " native threads, set"
        + missing
        + " in the environment before starting the JVM: spinning native threads otherwise take"
        + " the cores MusicGAN's own loops run on (training ~1.2x slower on 2 cores)";
  }

  /** Logs {@link #advice} for this process's environment, once per JVM. */
  public static void adviseOnce() {
    String a = advice(System.getenv());
    if (a != null && ADVISED.compareAndSet(false, true)) {
      LOG.warn(a);
    }
  }
}

package io.stingray.api.spi;

import io.stingray.api.RayContext;

/**
 * Where the runtime publishes the context of the code running on a worker thread, so that {@link
 * RayContext#current()} finds it without the API knowing the runtime. Runtimes call {@link #set}
 * before running user code and {@link #clear} after it.
 */
public final class CurrentContext {
  private static final ThreadLocal<RayContext> CURRENT = new ThreadLocal<>();

  private CurrentContext() {}

  /** The context set on this thread, or null. */
  public static RayContext get() {
    return CURRENT.get();
  }

  /** Sets this thread's context and returns the one it replaces (to restore after). */
  public static RayContext set(RayContext ctx) {
    RayContext previous = CURRENT.get();
    CURRENT.set(ctx);
    return previous;
  }

  /** Removes this thread's context. */
  public static void clear() {
    CURRENT.remove();
  }
}

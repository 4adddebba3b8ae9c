package io.stingray.gcs;

import java.util.function.Supplier;

/**
 * Runs a call into a library that keeps threads (Infinispan, gRPC, Netty) with Stingray's own class
 * loader as the thread's context loader. Such libraries capture the caller's context loader in the
 * tasks they queue and in the threads they start lazily; when the caller is an application (a
 * request thread, or a worker running its task), an idle pool thread then holds the application's
 * class loader after it was undeployed, with every class of it. Cross-module: the resource adapter
 * uses it too, as it starts its node and schedules work. Thread-safe; restores the caller's context
 * loader however the call ends.
 */
public final class OwnClassLoader {
  private static final ClassLoader OURS = OwnClassLoader.class.getClassLoader();

  private OwnClassLoader() {}

  /** {@code call}'s result, computed with Stingray's class loader as the context loader. */
  @SuppressWarnings("removal") // doPrivileged is what cuts the callers' frames off the context
  public static <T> T call(Supplier<T> call) {
    Thread t = Thread.currentThread();
    ClassLoader callers = t.getContextClassLoader();
    t.setContextClassLoader(OURS);
    try {
      return java.security.AccessController.doPrivileged(
          (java.security.PrivilegedAction<T>) call::get);
    } finally {
      t.setContextClassLoader(callers);
    }
  }

  /** Runs {@code action} with Stingray's class loader as the context loader. */
  public static void run(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }
}

package io.stingray.api.spi;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What to do when an actor's instance ends: an actor factory registers it as it makes the instance
 * ({@link BeanActorFactory}: the bean's {@code @PreDestroy} and disposal), and the runtime {@link
 * #take}s and runs it when the instance is dropped (the actor was killed, exited, is restarting or
 * its job ended). Applications do not call it. Thread-safe; instances are told apart by identity.
 */
public final class ActorEnds {
  private static final Map<Object, Runnable> ENDS = new IdentityHashMap<>();

  private ActorEnds() {}

  /** Runs {@code onEnd} once when {@code instance} ends (replacing what was registered for it). */
  public static synchronized void register(Object instance, Runnable onEnd) {
    ENDS.put(instance, onEnd);
  }

  /**
   * Called by the runtime when {@code instance} ended: takes what was registered for it (null if
   * nothing), for the runtime to run once in the application's context. Taken out even when that
   * context is gone, so that no ended instance stays here.
   */
  public static synchronized Runnable take(Object instance) {
    return ENDS.remove(instance);
  }

  /** How many instances wait for their end (for tests and leak checks). */
  public static synchronized int waiting() {
    return ENDS.size();
  }
}

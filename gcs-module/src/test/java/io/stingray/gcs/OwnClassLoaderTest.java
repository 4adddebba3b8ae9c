package io.stingray.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A library call made for an application runs with Stingray's own class loader as the context
 * loader, so that a thread or task the library starts in it does not keep the application's; the
 * caller gets its own back however the call ends.
 */
class OwnClassLoaderTest {
  private final ClassLoader application = new URLClassLoader(new URL[0], null);

  @Test
  void aThreadStartedInACallKeepsStingraysLoaderNotTheApplications() throws Exception {
    Thread caller = Thread.currentThread();
    ClassLoader before = caller.getContextClassLoader();
    caller.setContextClassLoader(application);
    try {
      AtomicReference<ClassLoader> started = new AtomicReference<>();
      ClassLoader during =
          OwnClassLoader.call(
              () -> {
                Thread t =
                    new Thread(() -> started.set(Thread.currentThread().getContextClassLoader()));
                t.start();
                try {
                  t.join();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return Thread.currentThread().getContextClassLoader();
              });
      assertThat(during).isSameAs(OwnClassLoader.class.getClassLoader());
      assertThat(started.get()).isSameAs(OwnClassLoader.class.getClassLoader());
      assertThat(caller.getContextClassLoader()).as("the caller's, back").isSameAs(application);

      assertThatThrownBy(
              () ->
                  OwnClassLoader.run(
                      () -> {
                        throw new IllegalArgumentException("boom");
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("boom");
      assertThat(caller.getContextClassLoader()).as("back after a failure").isSameAs(application);
    } finally {
      caller.setContextClassLoader(before);
    }
  }
}

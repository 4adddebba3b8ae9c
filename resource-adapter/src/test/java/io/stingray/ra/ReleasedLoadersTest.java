package io.stingray.ra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator learns from the server's log whether an undeployed application's classes were
 * unloaded, and is warned once if something still holds them.
 */
class ReleasedLoadersTest {
  private final AtomicLong now = new AtomicLong();
  private final ReleasedLoaders released = new ReleasedLoaders(now::get);
  private final List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(ReleasedLoaders.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void aCollectedLoaderIsReportedOnceAndAHeldOneIsWarnedAboutOnce() throws Exception {
    ClassLoader held = new URLClassLoader(new URL[0], null);
    released.ended("kept", held);
    released.ended("dropped", new URLClassLoader(new URL[0], null));

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> reachable = released.check();
    while (reachable.contains("dropped") && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50); // the collector's pace
      reachable = released.check();
    }
    assertThat(reachable).containsExactly("kept");
    assertThat(messages(Level.INFO))
        .singleElement()
        .asString()
        .contains("classes of application dropped were unloaded");

    assertThat(messages(Level.WARNING)).as("not before its patience ran out").isEmpty();
    now.addAndGet(ReleasedLoaders.PATIENCE);
    assertThat(released.check()).containsExactly("kept");
    released.check();
    assertThat(messages(Level.WARNING))
        .singleElement()
        .asString()
        .contains("application kept ended 300 s ago but its class loader is still reachable");
    assertThat(messages(Level.INFO)).hasSize(1);
    java.lang.ref.Reference.reachabilityFence(held); // held until here
  }

  private List<String> messages(Level level) {
    return logged.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
  }
}

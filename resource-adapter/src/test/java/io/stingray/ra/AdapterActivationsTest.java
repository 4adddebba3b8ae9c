package io.stingray.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stingray.raylet.Raylet;
import io.stingray.raylet.context.Job;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Timer;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WildFly activates the adapter once for the RAR and once more for each application whose
 * connection factory definition names it: the server must still have one node, which every
 * activation's connections reach, and which stops only with the last activation.
 */
class AdapterActivationsTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void everyActivationSharesOneNodeUntilTheLastStops() throws Exception {
    String cluster = "activations-" + UUID.randomUUID();
    StingrayResourceAdapter forRar = adapter(cluster);
    StingrayResourceAdapter forApp = adapter(cluster);
    forRar.start(new Bootstrap());
    forApp.start(new Bootstrap());
    Raylet node = forRar.raylet();
    assertThat(forApp.raylet()).as("one node per server").isSameAs(node);
    assertThat(node.admin().nodes()).as("the server joined its cluster once").hasSize(1);

    ClassLoader app = new URLClassLoader(new URL[0], getClass().getClassLoader());
    Job job = forApp.jobFor(app, "app");
    assertThat(forRar.jobFor(app, "app"))
        .as("an application has one job whichever activation its connection came from")
        .isSameAs(job);

    forApp.stop(); // the application's activation ends with the application
    assertThat(forRar.raylet()).isSameAs(node);
    assertThat(job.context().get(job.context().put(5))).as("the node still works").isEqualTo(5);
    assertThatThrownBy(forApp::raylet)
        .isInstanceOf(ResourceException.class)
        .hasMessageContaining("not running");
    // the application's own activation stopped before its job ended (as WildFly undeploys): the
    // job still ends on the node, and the stopping application cannot start another one there
    new RayContextHandle(null, job, null).endJob();
    assertThat(node.admin().jobs())
        .as("the job table says the job ended")
        .anySatisfy(
            j -> {
              assertThat(j.id()).isEqualTo(job.id().hex());
              assertThat(j.state()).isEqualTo("ENDED");
            });
    assertThatThrownBy(() -> forRar.jobFor(app, "app"))
        .isInstanceOf(ResourceException.class)
        .hasMessageContaining("has ended");

    forRar.stop();
    assertThatThrownBy(forRar::raylet).isInstanceOf(ResourceException.class);
    StingrayResourceAdapter again = adapter(cluster);
    again.start(new Bootstrap());
    try {
      assertThat(again.raylet()).as("a new activation starts a new node").isNotSameAs(node);
    } finally {
      again.stop();
    }
  }

  private static StingrayResourceAdapter adapter(String cluster) {
    StingrayResourceAdapter ra = new StingrayResourceAdapter();
    ra.setClusterName(cluster);
    ra.setNumCpus("1");
    return ra;
  }

  /** The container's part: a WorkManager on this test's threads. */
  private final class Bootstrap implements BootstrapContext, WorkManager {
    @Override
    public WorkManager getWorkManager() {
      return this;
    }

    @Override
    public XATerminator getXATerminator() {
      return null;
    }

    @Override
    public Timer createTimer() {
      return new Timer(true);
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> c) {
      return false;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
      return null;
    }

    @Override
    public void doWork(Work work) {
      work.run();
    }

    @Override
    public void doWork(Work w, long timeout, ExecutionContext c, WorkListener l) {
      w.run();
    }

    @Override
    public long startWork(Work work) {
      threads.execute(work);
      return 0;
    }

    @Override
    public long startWork(Work w, long timeout, ExecutionContext c, WorkListener l) {
      threads.execute(w);
      return 0;
    }

    @Override
    public void scheduleWork(Work work) {
      threads.execute(work);
    }

    @Override
    public void scheduleWork(Work w, long timeout, ExecutionContext c, WorkListener l) {
      threads.execute(w);
    }
  }
}

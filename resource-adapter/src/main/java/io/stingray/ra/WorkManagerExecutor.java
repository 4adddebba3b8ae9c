package io.stingray.ra;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The raylet's worker threads inside the server: every runnable becomes a JCA {@link Work}
 * scheduled on the adapter's {@link WorkManager}, so the container owns and names the threads.
 *
 * <p>Work is scheduled with the adapter's own class loader as the thread's context loader, never an
 * application's: WildFly's threads capture the submitter's context loader with each task, and a
 * long-lived loop submitted from an application's request thread kept that application's loader
 * (and every class of it) reachable after it was undeployed.
 */
final class WorkManagerExecutor implements Executor {
  private static final ClassLoader ADAPTER = WorkManagerExecutor.class.getClassLoader();

  private final WorkManager workManager;

  WorkManagerExecutor(WorkManager workManager) {
    this.workManager = workManager;
  }

  @Override
  public void execute(Runnable command) {
    // with the adapter's loader and no application frame in the access context: a pool thread
    // the container starts for this work keeps neither
    WorkException refused =
        io.stingray.gcs.OwnClassLoader.call(
            () -> {
              try {
                workManager.scheduleWork(new Once(command));
                return null;
              } catch (WorkException e) {
                return e;
              }
            });
    if (refused != null) {
      throw new RejectedExecutionException(
          "the WorkManager refused work: " + refused.getMessage(), refused);
    }
  }

  /**
   * A runnable as a {@link Work} that forgets it once started: a pool thread that stays idle after
   * running it may keep the work object (WildFly's does), and the runnable must not keep an
   * application's actor or job reachable through it.
   */
  private static final class Once implements Work {
    private volatile Runnable command;

    Once(Runnable command) {
      this.command = command;
    }

    @Override
    public void run() {
      Runnable c = command;
      command = null;
      if (c != null) {
        Thread.currentThread().setContextClassLoader(ADAPTER);
        c.run();
      }
    }

    @Override
    public void release() {
      // long-running loops poll their node's closed flag; nothing to interrupt here
    }
  }
}

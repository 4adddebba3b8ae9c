package io.stingray.ra;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The raylet's worker threads inside the server: every runnable becomes a JCA {@link Work}
 * scheduled on the adapter's {@link WorkManager}, so the container owns and names the threads.
 */
final class WorkManagerExecutor implements Executor {
  private final WorkManager workManager;

  WorkManagerExecutor(WorkManager workManager) {
    this.workManager = workManager;
  }

  @Override
  public void execute(Runnable command) {
    try {
      workManager.scheduleWork(
          new Work() {
            @Override
            public void run() {
              command.run();
            }

            @Override
            public void release() {
              // long-running loops poll their node's closed flag; nothing to interrupt here
            }
          });
    } catch (WorkException e) {
      throw new RejectedExecutionException("the WorkManager refused work: " + e.getMessage(), e);
    }
  }
}

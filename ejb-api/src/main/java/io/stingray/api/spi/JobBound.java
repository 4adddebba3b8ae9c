package io.stingray.api.spi;

import io.stingray.api.RayContext;

/**
 * Implemented by connection handles of the resource adapter: access to the job behind a handle, for
 * the CDI producer. Applications do not call it.
 */
public interface JobBound {
  /**
   * The job's own context, which lives as long as the job (its {@code close()} does nothing).
   *
   * @throws IllegalStateException if this handle is closed
   */
  RayContext jobContext();

  /**
   * Ends the job: its non-detached actors die. Called when the application stops; works on a closed
   * handle too. Does nothing if the adapter has stopped.
   */
  void endJob();

  /**
   * From now on the job's code on this node (its tasks, and its actors' constructors and methods)
   * runs through {@code inContext}: an executor that runs what it is given at once, on the calling
   * thread, inside the application's context (a Jakarta Concurrency contextual proxy of a direct
   * executor, made while the application starts: its naming context, class loader, CDI, security).
   * Until it is called, that code runs with the application's class loader only. An exception from
   * {@code inContext} itself (the application has stopped) fails the task or call. Thread-safe; the
   * last call wins. Works on a closed handle too.
   */
  void runUserCodeIn(java.util.concurrent.Executor inContext);
}

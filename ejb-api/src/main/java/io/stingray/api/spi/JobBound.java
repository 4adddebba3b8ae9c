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
}

package io.stingray.raylet.scheduler;

/**
 * Which worker thread runs one piece of work (a task, an actor call), so that a forced cancel or a
 * kill interrupts that work only: worker threads are reused, and reading "the thread" and then
 * interrupting it could hit the next work that thread took meanwhile. {@link #interrupt} and {@link
 * #leave} exclude each other, and {@link #leave} clears the thread's interrupt flag: an interrupt
 * meant for this work lands while it runs, or not at all. Thread-safe.
 */
public final class RunningThread {
  private Thread thread;

  /** The current thread starts running the work. */
  public synchronized void enter() {
    thread = Thread.currentThread();
  }

  /**
   * The current thread stops running the work: from now on {@link #interrupt} does nothing, and an
   * interrupt it delivered before is cleared so that it cannot reach the thread's next work.
   */
  public synchronized void leave() {
    if (thread == Thread.currentThread()) {
      thread = null;
    }
    Thread.interrupted();
  }

  /**
   * Interrupts the thread running the work, if one does now.
   *
   * @return whether a thread was interrupted
   */
  public synchronized boolean interrupt() {
    if (thread == null) {
      return false;
    }
    thread.interrupt();
    return true;
  }
}

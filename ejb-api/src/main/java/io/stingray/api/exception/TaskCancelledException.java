package io.stingray.api.exception;

/** The task was cancelled. */
public class TaskCancelledException extends RayException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String message) {
    super(message);
  }

  public TaskCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}

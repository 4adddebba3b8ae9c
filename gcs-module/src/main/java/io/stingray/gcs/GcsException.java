package io.stingray.gcs;

/** The global control store could not start or could not complete an operation. */
public class GcsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GcsException(String message) {
    super(message);
  }

  public GcsException(String message, Throwable cause) {
    super(message, cause);
  }
}

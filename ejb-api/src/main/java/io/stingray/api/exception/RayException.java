package io.stingray.api.exception;

/** The base class of every Stingray exception. */
public class RayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RayException(String message) {
    super(message);
  }

  public RayException(String message, Throwable cause) {
    super(message, cause);
  }
}

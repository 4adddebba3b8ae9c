package io.stingray.api.exception;

/** {@code get} with a timeout ran out before the object was available. */
public class GetTimeoutException extends RayException {
  private static final long serialVersionUID = 1L;

  public GetTimeoutException(String message) {
    super(message);
  }

  public GetTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}

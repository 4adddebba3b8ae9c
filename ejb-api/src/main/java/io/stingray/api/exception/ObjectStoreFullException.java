package io.stingray.api.exception;

/** The object cannot be stored even after spilling. */
public class ObjectStoreFullException extends RayException {
  private static final long serialVersionUID = 1L;

  public ObjectStoreFullException(String message) {
    super(message);
  }

  public ObjectStoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}

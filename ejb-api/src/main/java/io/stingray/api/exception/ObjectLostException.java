package io.stingray.api.exception;

/**
 * Every copy of an object is gone and it cannot be rebuilt from lineage (for example a {@code put}
 * object).
 */
public class ObjectLostException extends RayException {
  private static final long serialVersionUID = 1L;

  public ObjectLostException(String message) {
    super(message);
  }

  public ObjectLostException(String message, Throwable cause) {
    super(message, cause);
  }
}

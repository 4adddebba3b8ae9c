package io.stingray.api.exception;

/** The process or node that owned the object is gone. */
public class OwnerDiedException extends ObjectLostException {
  private static final long serialVersionUID = 1L;

  public OwnerDiedException(String message) {
    super(message);
  }

  public OwnerDiedException(String message, Throwable cause) {
    super(message, cause);
  }
}

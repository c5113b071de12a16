package dev.retain.scoring.models;

/** A lifecycle step the registry's state does not allow, such as a rollback with no history. */
public class ModelStateException extends RuntimeException {
  public ModelStateException(String message) {
    super(message);
  }
}

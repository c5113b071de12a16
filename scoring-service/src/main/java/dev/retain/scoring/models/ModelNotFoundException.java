package dev.retain.scoring.models;

/** A model version that is not stored. */
public class ModelNotFoundException extends RuntimeException {
  public ModelNotFoundException(String version) {
    super("There is no model version '" + version + "'");
  }
}

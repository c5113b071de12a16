package dev.retain.scoring.models;

import static java.util.Objects.requireNonNull;

/**
 * Training data that cannot be trained on. {@link #field()} names the upload's part at fault, such
 * as {@code labelColumn} or {@code file}.
 */
public class InvalidTrainingDataException extends RuntimeException {

  private final String field;

  public InvalidTrainingDataException(String field, String message) {
    super(message);
    this.field = requireNonNull(field, "field");
  }

  public String field() {
    return field;
  }
}

package dev.retain.scoring.scorecard;

/** The health band a score falls into. */
public enum Band {
  GREEN,
  YELLOW,
  RED
}

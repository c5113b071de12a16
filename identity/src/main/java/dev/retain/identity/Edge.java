package dev.retain.identity;

/**
 * Evidence that two records (by index) are one: a deterministic rule with the value that decided
 * it, or a probabilistic comparison with its levels and weight.
 *
 * @param priority order of application: overrides first, then rules in order, then the model
 * @param group the interned group value of a rule edge (-1 for overrides and the model)
 * @param levels comparison levels for a probabilistic edge; null for a rule
 */
record Edge(
    int a,
    int b,
    int priority,
    String rule,
    String evidence,
    int group,
    double weight,
    int[] levels) {
  static final int MUST_LINK = -1;

  boolean probabilistic() {
    return levels != null;
  }
}

package dev.retain.routes.unify;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity resolution settings ({@code retain.identity.*}); invalid values fail at start-up with
 * the key named.
 *
 * @param matchProbability a probabilistic pair at or above it is linked
 * @param reviewProbability a pair at or above it (and below the match probability) goes to {@code
 *     core.review_queue}
 * @param maxClusterSize no link makes a cluster larger than this
 * @param maxBlockSize blocks of more candidates are skipped, so pairs grow near-linearly
 * @param maxDomainGroup a website/domain shared by more accounts decides nothing
 * @param maxEmailGroup an address shared by more people decides nothing
 * @param mustLink pairs always linked, each {@code source/entity/id = source/entity/id}
 * @param cannotLink pairs never in one customer, same form
 */
@ConfigurationProperties("retain.identity")
public record IdentitySettings(
    @DefaultValue("0.999") double matchProbability,
    @DefaultValue("0.5") double reviewProbability,
    @DefaultValue("2000") int maxClusterSize,
    @DefaultValue("200") int maxBlockSize,
    @DefaultValue("50") int maxDomainGroup,
    @DefaultValue("20") int maxEmailGroup,
    @DefaultValue({}) List<String> mustLink,
    @DefaultValue({}) List<String> cannotLink) {

  public IdentitySettings {
    probability("retain.identity.match-probability", matchProbability);
    probability("retain.identity.review-probability", reviewProbability);
    if (reviewProbability > matchProbability) {
      throw new IllegalArgumentException(
          "retain.identity.review-probability ("
              + reviewProbability
              + ") must not exceed retain.identity.match-probability ("
              + matchProbability
              + ")");
    }
    atLeast("retain.identity.max-cluster-size", maxClusterSize, 2);
    atLeast("retain.identity.max-block-size", maxBlockSize, 2);
    atLeast("retain.identity.max-domain-group", maxDomainGroup, 2);
    atLeast("retain.identity.max-email-group", maxEmailGroup, 2);
    mustLink = mustLink == null ? List.of() : List.copyOf(mustLink);
    cannotLink = cannotLink == null ? List.of() : List.copyOf(cannotLink);
    for (int i = 0; i < mustLink.size(); i++) {
      LinkOverride.parse(
          "retain.identity.must-link[" + i + "]", LinkOverride.Kind.MUST_LINK, mustLink.get(i));
    }
    for (int i = 0; i < cannotLink.size(); i++) {
      LinkOverride.parse(
          "retain.identity.cannot-link[" + i + "]",
          LinkOverride.Kind.CANNOT_LINK,
          cannotLink.get(i));
    }
  }

  /** The defaults, for tests and tools. */
  public static IdentitySettings defaults() {
    return new IdentitySettings(0.999, 0.5, 2000, 200, 50, 20, List.of(), List.of());
  }

  /** The overrides from configuration. */
  List<LinkOverride> overrides() {
    java.util.ArrayList<LinkOverride> out = new java.util.ArrayList<>();
    for (int i = 0; i < mustLink.size(); i++) {
      out.add(
          LinkOverride.parse(
              "retain.identity.must-link[" + i + "]",
              LinkOverride.Kind.MUST_LINK,
              mustLink.get(i)));
    }
    for (int i = 0; i < cannotLink.size(); i++) {
      out.add(
          LinkOverride.parse(
              "retain.identity.cannot-link[" + i + "]",
              LinkOverride.Kind.CANNOT_LINK,
              cannotLink.get(i)));
    }
    return out;
  }

  private static void probability(String key, double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException(key + " must be between 0 and 1 (exclusive), got " + p);
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
    }
  }
}

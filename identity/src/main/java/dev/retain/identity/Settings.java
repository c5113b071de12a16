package dev.retain.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the engine does: which fields it compares and how, which deterministic rules link records
 * outright, how candidate pairs are blocked, where the match threshold and the review band lie, and
 * the guards and overrides of clustering.
 *
 * @param fields the fields, each with its comparison type; only fields listed under {@code
 *     comparisons} take part in the probabilistic model
 * @param comparisons names of the fields the Fellegi-Sunter model compares
 * @param rules deterministic rules, strongest first
 * @param blocking blocking rules: a pair is a candidate when both records agree on every key of one
 *     rule
 * @param matchProbability pairs at or above it are linked
 * @param reviewProbability pairs at or above it but below {@code matchProbability} go to review
 * @param maxClusterSize no link may make a cluster larger than this
 * @param maxBlockSize blocks larger than this are skipped (a value too common to block on)
 * @param linkAcrossSourcesOnly link mode: pairs of one source are never compared
 * @param phoneRegion region for phone numbers written without a country code
 * @param mustLink overrides: these records are one
 * @param cannotLink overrides: these records are never in one cluster
 */
public record Settings(
    List<Field> fields,
    List<String> comparisons,
    List<Rule> rules,
    List<BlockingRule> blocking,
    double matchProbability,
    double reviewProbability,
    int maxClusterSize,
    int maxBlockSize,
    boolean linkAcrossSourcesOnly,
    String phoneRegion,
    List<KeyPair> mustLink,
    List<KeyPair> cannotLink) {

  public Settings {
    fields = List.copyOf(fields);
    comparisons = List.copyOf(comparisons);
    rules = List.copyOf(rules);
    blocking = List.copyOf(blocking);
    mustLink = List.copyOf(mustLink);
    cannotLink = List.copyOf(cannotLink);
    requireNonNull(phoneRegion, "phoneRegion is null");
    if (!(reviewProbability > 0 && reviewProbability <= matchProbability && matchProbability < 1)) {
      throw new IllegalArgumentException(
          "need 0 < reviewProbability <= matchProbability < 1, got "
              + reviewProbability
              + " and "
              + matchProbability);
    }
    if (maxClusterSize < 2 || maxBlockSize < 2) {
      throw new IllegalArgumentException("maxClusterSize and maxBlockSize must be >= 2");
    }
    for (String c : comparisons) {
      indexOf(fields, c);
    }
    for (BlockingRule b : blocking) {
      for (BlockingKey k : b.keys()) {
        indexOf(fields, k.field());
      }
    }
    for (Rule r : rules) {
      indexOf(fields, r.field());
      if (r.otherField() != null) {
        indexOf(fields, r.otherField());
      }
    }
  }

  /** Defaults: threshold 0.9, review from 0.5, clusters up to 1,000, blocks up to 500. */
  public static Settings of(
      List<Field> fields, List<String> comparisons, List<Rule> rules, List<BlockingRule> blocking) {
    return new Settings(
        fields,
        comparisons,
        rules,
        blocking,
        0.9,
        0.5,
        1_000,
        500,
        false,
        "US",
        List.of(),
        List.of());
  }

  public Settings withThresholds(double match, double review) {
    return new Settings(
        fields,
        comparisons,
        rules,
        blocking,
        match,
        review,
        maxClusterSize,
        maxBlockSize,
        linkAcrossSourcesOnly,
        phoneRegion,
        mustLink,
        cannotLink);
  }

  public Settings withLimits(int maxCluster, int maxBlock) {
    return new Settings(
        fields,
        comparisons,
        rules,
        blocking,
        matchProbability,
        reviewProbability,
        maxCluster,
        maxBlock,
        linkAcrossSourcesOnly,
        phoneRegion,
        mustLink,
        cannotLink);
  }

  public Settings withLinkAcrossSourcesOnly(boolean linkOnly) {
    return new Settings(
        fields,
        comparisons,
        rules,
        blocking,
        matchProbability,
        reviewProbability,
        maxClusterSize,
        maxBlockSize,
        linkOnly,
        phoneRegion,
        mustLink,
        cannotLink);
  }

  public Settings withOverrides(List<KeyPair> must, List<KeyPair> cannot) {
    return new Settings(
        fields,
        comparisons,
        rules,
        blocking,
        matchProbability,
        reviewProbability,
        maxClusterSize,
        maxBlockSize,
        linkAcrossSourcesOnly,
        phoneRegion,
        must,
        cannot);
  }

  int fieldIndex(String name) {
    return indexOf(fields, name);
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown field: " + name);
  }

  /** A field and how it is normalised and compared. */
  public record Field(String name, FieldType type) {
    public Field {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type of field " + name + " is null");
    }
  }

  /** What a deterministic rule looks at. */
  public enum RuleKind {
    /** Records with the same normalised value of {@code field} are one. */
    SAME,
    /**
     * A record whose {@code field} names another record's id is one with it ({@code target}: a
     * source name, {@code same} or {@code other}; null means any source).
     */
    REFERENCE,
    /**
     * A record whose email ({@code field}) has the registrable domain that another record has in
     * {@code otherField} (a website or domain) is one with it; free-mail domains never link.
     */
    EMAIL_DOMAIN
  }

  /**
   * A deterministic rule.
   *
   * @param attachOnly its links may attach a lone record to a cluster but never join two clusters
   *     of several records (for evidence that people share, such as an address)
   * @param maxGroup a value carried by more records than this decides nothing
   */
  public record Rule(
      String name,
      RuleKind kind,
      String field,
      String otherField,
      String target,
      boolean attachOnly,
      int maxGroup) {
    public Rule {
      requireNonNull(name, "name is null");
      requireNonNull(kind, "kind of rule " + name + " is null");
      requireNonNull(field, "field of rule " + name + " is null");
      if (kind == RuleKind.EMAIL_DOMAIN && otherField == null) {
        throw new IllegalArgumentException("rule " + name + " needs otherField (the domain)");
      }
      if (maxGroup < 2) {
        throw new IllegalArgumentException("maxGroup of rule " + name + " must be >= 2");
      }
    }

    public static Rule same(String name, String field, int maxGroup) {
      return new Rule(name, RuleKind.SAME, field, null, null, false, maxGroup);
    }

    public static Rule reference(String name, String field, String target) {
      return new Rule(name, RuleKind.REFERENCE, field, null, target, false, Integer.MAX_VALUE);
    }

    public static Rule emailDomain(String name, String emailField, String domainField) {
      return new Rule(
          name, RuleKind.EMAIL_DOMAIN, emailField, domainField, null, true, Integer.MAX_VALUE);
    }

    public Rule attachingOnly() {
      return new Rule(name, kind, field, otherField, target, true, maxGroup);
    }
  }

  /** One key of a blocking rule: a field's normalised value, or its first {@code prefix} chars. */
  public record BlockingKey(String field, int prefix) {
    public static BlockingKey parse(String spec) {
      int colon = spec.indexOf(':');
      return colon < 0
          ? new BlockingKey(spec.strip(), 0)
          : new BlockingKey(
              spec.substring(0, colon).strip(),
              Integer.parseInt(spec.substring(colon + 1).strip()));
    }

    @Override
    public String toString() {
      return prefix == 0 ? field : field + ":" + prefix;
    }
  }

  /** Records agreeing on every key are a candidate pair. */
  public record BlockingRule(List<BlockingKey> keys) {
    public BlockingRule {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("a blocking rule needs at least one key");
      }
    }

    public static BlockingRule of(String... specs) {
      return new BlockingRule(java.util.Arrays.stream(specs).map(BlockingKey::parse).toList());
    }

    @Override
    public String toString() {
      return String.join(" & ", keys.stream().map(BlockingKey::toString).toList());
    }
  }

  /** Two records, for overrides. */
  public record KeyPair(RecordKey a, RecordKey b) {
    public KeyPair {
      requireNonNull(a, "a is null");
      requireNonNull(b, "b is null");
    }
  }
}

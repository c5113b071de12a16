package dev.retain.scoring.scorecard;

import dev.retain.scoring.api.model.ScorecardSegment;
import dev.retain.scoring.web.RequestProblem;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Between the contract's Scorecard and {@link SegmentedScorecard}. */
final class ScorecardMapper {

  private ScorecardMapper() {}

  static dev.retain.scoring.api.model.Scorecard toDto(SegmentedScorecard card) {
    Scorecard base = card.scorecard();
    dev.retain.scoring.api.model.Scorecard dto =
        new dev.retain.scoring.api.model.Scorecard(
            base.version(), base.redBelow(), base.yellowBelow(), measures(base));
    List<ScorecardSegment> segments = new ArrayList<>();
    card.segments()
        .forEach(
            (name, variant) ->
                segments.add(
                    new ScorecardSegment(name, measures(variant))
                        .redBelow(variant.redBelow())
                        .yellowBelow(variant.yellowBelow())));
    return dto.segments(segments);
  }

  private static List<dev.retain.scoring.api.model.Measure> measures(Scorecard scorecard) {
    List<dev.retain.scoring.api.model.Measure> measures = new ArrayList<>();
    for (Measure m : scorecard.measures()) {
      measures.add(
          new dev.retain.scoring.api.model.Measure(
                  m.name(), m.feature(), m.weight(), m.bad(), m.good())
              .group(m.group())
              .unit(m.unit())
              .reason(m.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .label(m.label())
              .period(m.period())
              .contextFeature(m.contextFeature())
              .offLabel(m.offLabel()));
    }
    return measures;
  }

  /**
   * The scorecard a client sent, checked whole.
   *
   * @throws RequestProblem 400 naming the first field at fault, as a path into the body
   */
  static SegmentedScorecard fromDto(dev.retain.scoring.api.model.Scorecard dto) {
    try {
      Scorecard base =
          scorecard(dto.getVersion(), dto.getRedBelow(), dto.getYellowBelow(), dto.getMeasures());
      Map<String, Scorecard> segments = new LinkedHashMap<>();
      List<ScorecardSegment> all = dto.getSegments() == null ? List.of() : dto.getSegments();
      for (int s = 0; s < all.size(); s++) {
        String at = "segments[" + s + "].";
        ScorecardSegment segment = all.get(s);
        if (segment == null) {
          throw new InvalidScorecardException("segments[" + s + "]", "must not be null");
        }
        String name = segment.getName();
        if (name == null || name.isBlank()) {
          throw new InvalidScorecardException(at + "name", "must not be blank");
        }
        if (segments.containsKey(name)) {
          throw new InvalidScorecardException(at + "name", "duplicate segment '" + name + "'");
        }
        try {
          segments.put(
              name,
              scorecard(
                  dto.getVersion(),
                  segment.getRedBelow() == null ? base.redBelow() : segment.getRedBelow(),
                  segment.getYellowBelow() == null ? base.yellowBelow() : segment.getYellowBelow(),
                  segment.getMeasures()));
        } catch (InvalidScorecardException e) {
          throw e.withKeyPrefix(at);
        }
      }
      return new SegmentedScorecard(base, segments);
    } catch (InvalidScorecardException e) {
      throw RequestProblem.invalid(
          "The scorecard is invalid; the one in force is unchanged",
          List.of(new FieldProblem(camel(e.key()), e.problem())));
    }
  }

  private static Scorecard scorecard(
      String version,
      Double redBelow,
      Double yellowBelow,
      List<dev.retain.scoring.api.model.Measure> measures) {
    if (version == null) {
      throw new InvalidScorecardException("version", "is required");
    }
    if (redBelow == null) {
      throw new InvalidScorecardException("red-below", "is required");
    }
    if (yellowBelow == null) {
      throw new InvalidScorecardException("yellow-below", "is required");
    }
    if (measures == null) {
      throw new InvalidScorecardException("measures", "is required");
    }
    List<Measure> built = new ArrayList<>(measures.size());
    for (int i = 0; i < measures.size(); i++) {
      try {
        built.add(measure(measures.get(i)));
      } catch (InvalidScorecardException e) {
        throw e.withKeyPrefix("measures[" + i + "].");
      }
    }
    return new Scorecard(version, redBelow, yellowBelow, built);
  }

  private static Measure measure(dev.retain.scoring.api.model.Measure dto) {
    if (dto == null) {
      throw new InvalidScorecardException("", "must not be null");
    }
    requireNumber("weight", dto.getWeight());
    requireNumber("bad", dto.getBad());
    requireNumber("good", dto.getGood());
    return new Measure(
        dto.getName(),
        dto.getFeature(),
        dto.getGroup(),
        dto.getWeight(),
        dto.getBad(),
        dto.getGood(),
        dto.getUnit(),
        reason(dto.getReason()),
        dto.getLabel(),
        dto.getPeriod(),
        dto.getContextFeature(),
        dto.getOffLabel());
  }

  private static void requireNumber(String key, Double value) {
    if (value == null) {
      throw new InvalidScorecardException(key, "is required");
    }
  }

  private static ReasonKind reason(String reason) {
    if (reason == null || reason.isBlank()) {
      return ReasonKind.VALUE;
    }
    try {
      return ReasonKind.valueOf(reason.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> kinds = new ArrayList<>();
      for (ReasonKind kind : ReasonKind.values()) {
        kinds.add(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new InvalidScorecardException(
          "reason", "must be one of " + String.join(", ", kinds) + " (was '" + reason + "')");
    }
  }

  /** {@code measures[0].off-label} to {@code measures[0].offLabel}; a trailing dot dropped. */
  static String camel(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '-' && i + 1 < key.length()) {
        sb.append(Character.toUpperCase(key.charAt(++i)));
      } else {
        sb.append(c);
      }
    }
    String field = sb.toString();
    return field.endsWith(".") ? field.substring(0, field.length() - 1) : field;
  }
}

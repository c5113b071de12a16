package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One answer to an NPS survey.
 *
 * @param respondent the person in the survey tool; null when anonymous
 * @param respondentEmail the respondent's email as the survey tool has it; null when anonymous
 * @param accountExternalId a customer id the survey carried as a property, when present
 * @param score 0 to 10
 */
public record SurveyResponse(
    SourceRef ref,
    SourceRef respondent,
    String respondentEmail,
    String accountExternalId,
    int score,
    String comment,
    Instant createdAt,
    Instant updatedAt)
    implements CanonicalRecord {

  public SurveyResponse {
    requireNonNull(ref, "ref is null");
    requireNonNull(createdAt, "createdAt of survey response " + ref + " is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
    if (score < 0 || score > 10) {
      throw new IllegalArgumentException(
          "score of survey response " + ref + " must be 0..10, got " + score);
    }
    respondentEmail = Checks.blankToNull(respondentEmail);
    accountExternalId = Checks.blankToNull(accountExternalId);
    comment = Checks.blankToNull(comment);
  }

  /** NPS category of the score: promoter (9-10), passive (7-8) or detractor (0-6). */
  public String category() {
    return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
  }

  @Override
  public Entity entity() {
    return Entity.SURVEY_RESPONSE;
  }
}

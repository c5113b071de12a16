package dev.retain.connectors.qualtrics;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.time.Duration;

/**
 * How Retain reaches one Qualtrics survey.
 *
 * @param baseUrl the data-centre URL, e.g. {@code https://yourdatacenterid.qualtrics.com}; the
 *     {@code /API/v3/...} paths are appended
 * @param apiToken sent as {@code X-API-TOKEN}; never printed
 * @param surveyId the survey whose responses are exported ({@code SV_...})
 * @param npsQuestionId the question id of the NPS question (e.g. {@code QID1}); its recoded value
 *     (0..10) is the score
 * @param commentQuestionId the text-entry field holding the comment (e.g. {@code QID2_TEXT}); null
 *     for none
 * @param accountIdField the embedded-data field carrying the customer id; null for none
 * @param pageSize responses handed out per page (the export is read in pages of this size)
 * @param pollInterval pause between export progress polls
 * @param maxPolls polls before the export is given up for this run
 */
public record QualtricsSettings(
    URI baseUrl,
    String apiToken,
    String surveyId,
    String npsQuestionId,
    String commentQuestionId,
    String accountIdField,
    int pageSize,
    Duration pollInterval,
    int maxPolls,
    HttpSettings http) {

  public QualtricsSettings {
    requireNonNull(baseUrl, "qualtrics.baseUrl is required");
    if (baseUrl.getScheme() == null
        || !baseUrl.getScheme().matches("https?")
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "qualtrics.baseUrl must be an absolute http(s) URL, got: " + baseUrl);
    }
    baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    if (apiToken == null || apiToken.isBlank()) {
      throw new IllegalArgumentException("qualtrics.apiToken is blank");
    }
    if (surveyId == null || !surveyId.matches("SV_[A-Za-z0-9]+")) {
      throw new IllegalArgumentException(
          "qualtrics.surveyId must look like SV_xxxxxxxx, got: " + surveyId);
    }
    if (npsQuestionId == null || npsQuestionId.isBlank()) {
      throw new IllegalArgumentException("qualtrics.npsQuestionId is blank");
    }
    commentQuestionId =
        commentQuestionId == null || commentQuestionId.isBlank() ? null : commentQuestionId;
    accountIdField = accountIdField == null || accountIdField.isBlank() ? null : accountIdField;
    if (pageSize < 1 || pageSize > 100_000) {
      throw new IllegalArgumentException(
          "qualtrics.pageSize must be between 1 and 100000, got " + pageSize);
    }
    requireNonNull(pollInterval, "qualtrics.pollInterval is required");
    if (maxPolls < 1) {
      throw new IllegalArgumentException("qualtrics.maxPolls must be >= 1, got " + maxPolls);
    }
    requireNonNull(http, "qualtrics.http is required");
  }

  public static QualtricsSettings of(
      URI baseUrl, String apiToken, String surveyId, String npsQuestionId) {
    return new QualtricsSettings(
        baseUrl,
        apiToken,
        surveyId,
        npsQuestionId,
        null,
        null,
        1000,
        Duration.ofSeconds(2),
        150,
        HttpSettings.DEFAULT);
  }

  public QualtricsSettings withFields(String commentQuestionId, String accountIdField) {
    return new QualtricsSettings(
        baseUrl,
        apiToken,
        surveyId,
        npsQuestionId,
        commentQuestionId,
        accountIdField,
        pageSize,
        pollInterval,
        maxPolls,
        http);
  }

  public QualtricsSettings withPageSize(int pageSize) {
    return new QualtricsSettings(
        baseUrl,
        apiToken,
        surveyId,
        npsQuestionId,
        commentQuestionId,
        accountIdField,
        pageSize,
        pollInterval,
        maxPolls,
        http);
  }

  public QualtricsSettings withApiToken(String apiToken) {
    return new QualtricsSettings(
        baseUrl,
        apiToken,
        surveyId,
        npsQuestionId,
        commentQuestionId,
        accountIdField,
        pageSize,
        pollInterval,
        maxPolls,
        http);
  }

  @Override
  public String toString() {
    return "QualtricsSettings[baseUrl="
        + baseUrl
        + ", apiToken=****, surveyId="
        + surveyId
        + ", npsQuestionId="
        + npsQuestionId
        + ", commentQuestionId="
        + commentQuestionId
        + ", accountIdField="
        + accountIdField
        + ", pageSize="
        + pageSize
        + ", pollInterval="
        + pollInterval
        + ", maxPolls="
        + maxPolls
        + ", http="
        + http
        + "]";
  }
}

package dev.retain.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.RiskTicketDraft;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdfTest {

  @Test
  void aSectionIsItsTitleInBoldWithItsTextThenItsItemsAsBullets() {
    RiskTicketDraft draft =
        new RiskTicketDraft(
            "cust-42",
            "Globex Corporation is at risk (score 31)",
            "Globex Corporation dropped to at risk.",
            List.of("Logins fell 60% in 30 days"),
            Map.of("ARR", "USD 120,000"),
            "High",
            List.of(
                new RiskTicketDraft.Section(
                    "Churn prediction",
                    "64% within 90 days (model m-7)",
                    List.of(
                        "tenure 2 (raises the churn risk)",
                        "nps_last 3 (raises the churn risk)"))));

    JsonNode content = Adf.description(draft).path("content");

    // headline, "Top reasons", its list, the section's line, its list, the fact
    assertThat(content).hasSize(6);
    JsonNode line = content.get(3).path("content");
    assertThat(line.get(0).path("text").asText()).isEqualTo("Churn prediction: ");
    assertThat(line.get(0).path("marks").get(0).path("type").asText()).isEqualTo("strong");
    assertThat(line.get(1).path("text").asText()).isEqualTo("64% within 90 days (model m-7)");
    JsonNode list = content.get(4);
    assertThat(list.path("type").asText()).isEqualTo("bulletList");
    assertThat(list.path("content")).hasSize(2);
    assertThat(
            list.path("content")
                .get(1)
                .path("content")
                .get(0)
                .path("content")
                .get(0)
                .path("text")
                .asText())
        .isEqualTo("nps_last 3 (raises the churn risk)");
  }

  @Test
  void aDraftWithoutSectionsReadsAsBefore() {
    RiskTicketDraft draft =
        new RiskTicketDraft(
            "cust-42", "s", "Headline.", List.of(), Map.of("ARR", "USD 120,000"), "High");

    JsonNode content = Adf.description(draft).path("content");

    assertThat(content).hasSize(2);
    assertThat(draft.sections()).isEmpty();
  }
}

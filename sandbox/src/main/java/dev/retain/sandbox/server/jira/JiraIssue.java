package dev.retain.sandbox.server.jira;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of one issue in the {@link JiraSandboxServer}.
 *
 * @param description the ADF document as Retain sent it; null when it sent none
 * @param comments the ADF bodies of the comments, oldest first
 * @param priority the priority name, null when none was set
 */
public record JiraIssue(
    String id,
    String key,
    String summary,
    List<String> labels,
    String priority,
    String status,
    String statusCategory,
    JsonNode description,
    List<JsonNode> comments,
    Instant created,
    Instant updated) {

  public JiraIssue {
    requireNonNull(id, "id is null");
    requireNonNull(key, "key is null");
    labels = List.copyOf(labels);
    comments = List.copyOf(comments);
  }

  /** The description's text, paragraphs and list items on separate lines. */
  public String descriptionText() {
    return description == null ? "" : text(description);
  }

  /** Each comment's text. */
  public List<String> commentTexts() {
    return comments.stream().map(JiraIssue::text).toList();
  }

  /** The text of an ADF document: text nodes joined, one line per block. */
  public static String text(JsonNode adf) {
    List<String> lines = new ArrayList<>();
    collect(adf, lines);
    return String.join("\n", lines);
  }

  private static void collect(JsonNode node, List<String> lines) {
    String type = node.path("type").asText();
    if (type.equals("paragraph") || type.equals("heading")) {
      StringBuilder line = new StringBuilder();
      for (JsonNode inline : node.path("content")) {
        line.append(inline.path("text").asText(""));
      }
      lines.add(line.toString());
      return;
    }
    for (JsonNode child : node.path("content")) {
      collect(child, lines);
    }
  }
}

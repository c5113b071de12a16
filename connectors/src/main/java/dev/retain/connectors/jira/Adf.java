package dev.retain.connectors.jira;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.spi.RiskTicketDraft;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds Atlassian Document Format documents ({@code {"type":"doc","version":1,"content":[...]}})
 * for issue descriptions and comments.
 */
final class Adf {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern URL = Pattern.compile("https?://\\S+");

  private Adf() {}

  /**
   * The description of a risk ticket: the headline, a bullet list of the reasons, each further
   * section (its title in bold with its text, then its items as bullets), then one paragraph per
   * fact with the label in bold; a fact whose value is a URL becomes a link.
   */
  static ObjectNode description(RiskTicketDraft draft) {
    ObjectNode doc = doc();
    ArrayNode content = (ArrayNode) doc.get("content");
    content.add(paragraph(inline(draft.headline())));
    if (!draft.reasons().isEmpty()) {
      content.add(paragraph(inline("Top reasons", strong())));
      content.add(bulletList(draft.reasons()));
    }
    for (RiskTicketDraft.Section section : draft.sections()) {
      content.add(
          section.text().isEmpty()
              ? paragraph(inline(section.title(), strong()))
              : paragraph(inline(section.title() + ": ", strong()), inline(section.text())));
      if (!section.items().isEmpty()) {
        content.add(bulletList(section.items()));
      }
    }
    for (Map.Entry<String, String> fact : draft.facts().entrySet()) {
      String value = fact.getValue() == null ? "" : fact.getValue();
      ObjectNode valueNode =
          URL.matcher(value).matches()
              ? inline(value, link(value))
              : inline(value.isEmpty() ? "-" : value);
      content.add(paragraph(inline(fact.getKey() + ": ", strong()), valueNode));
    }
    return doc;
  }

  /** Plain text as paragraphs (one per line); URLs become links. */
  static ObjectNode document(String plain) {
    ObjectNode doc = doc();
    ArrayNode content = (ArrayNode) doc.get("content");
    for (String line : plain.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      ObjectNode paragraph = paragraph();
      ArrayNode nodes = (ArrayNode) paragraph.get("content");
      var matcher = URL.matcher(line);
      int at = 0;
      while (matcher.find()) {
        if (matcher.start() > at) {
          nodes.add(inline(line.substring(at, matcher.start())));
        }
        nodes.add(inline(matcher.group(), link(matcher.group())));
        at = matcher.end();
      }
      if (at < line.length()) {
        nodes.add(inline(line.substring(at)));
      }
      content.add(paragraph);
    }
    if (content.isEmpty()) {
      content.add(paragraph(inline("-")));
    }
    return doc;
  }

  private static ObjectNode bulletList(java.util.List<String> lines) {
    ArrayNode items = F.arrayNode();
    for (String line : lines) {
      ObjectNode item = F.objectNode().put("type", "listItem");
      item.putArray("content").add(paragraph(inline(line)));
      items.add(item);
    }
    ObjectNode list = F.objectNode().put("type", "bulletList");
    list.set("content", items);
    return list;
  }

  private static ObjectNode doc() {
    ObjectNode doc = F.objectNode().put("type", "doc").put("version", 1);
    doc.putArray("content");
    return doc;
  }

  private static ObjectNode paragraph(ObjectNode... inline) {
    ObjectNode paragraph = F.objectNode().put("type", "paragraph");
    ArrayNode content = paragraph.putArray("content");
    for (ObjectNode node : inline) {
      content.add(node);
    }
    return paragraph;
  }

  private static ObjectNode inline(String text, ObjectNode... marks) {
    // ADF rejects an empty text node
    ObjectNode node = F.objectNode().put("type", "text").put("text", text.isEmpty() ? "-" : text);
    if (marks.length > 0) {
      ArrayNode array = node.putArray("marks");
      for (ObjectNode mark : marks) {
        array.add(mark);
      }
    }
    return node;
  }

  private static ObjectNode strong() {
    return F.objectNode().put("type", "strong");
  }

  private static ObjectNode link(String href) {
    ObjectNode mark = F.objectNode().put("type", "link");
    mark.putObject("attrs").put("href", href);
    return mark;
  }
}

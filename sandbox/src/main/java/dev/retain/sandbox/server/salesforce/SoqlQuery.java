package dev.retain.sandbox.server.salesforce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL subset the sandbox understands — exactly what the connector sends:
 *
 * <pre>
 * SELECT field, ... FROM Account | Contact | Subscription__c
 *   [WHERE SystemModstamp (&gt; | &gt;=) dateTime [AND IsDeleted = (true | false)] ...]
 *   ORDER BY SystemModstamp [ASC], Id [ASC]
 *   [LIMIT n]
 * </pre>
 *
 * Anything else fails with {@link SoqlException} carrying Salesforce's error code, never silently.
 */
record SoqlQuery(
    List<String> fields,
    String object,
    Instant since,
    boolean sinceInclusive,
    Boolean isDeleted,
    Integer limit) {

  private static final Pattern QUERY =
      Pattern.compile(
          "^\\s*SELECT\\s+(?<fields>.+?)\\s+FROM\\s+(?<object>[A-Za-z0-9_]+)"
              + "(?:\\s+WHERE\\s+(?<where>.+?))?"
              + "(?:\\s+ORDER\\s+BY\\s+(?<order>.+?))?"
              + "(?:\\s+LIMIT\\s+(?<limit>\\d+))?\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern AND = Pattern.compile("\\s+AND\\s+", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODSTAMP =
      Pattern.compile("SystemModstamp\\s*(>=|>)\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DELETED =
      Pattern.compile("IsDeleted\\s*=\\s*(true|false)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ORDER =
      Pattern.compile("SystemModstamp(\\s+ASC)?\\s*,\\s*Id(\\s+ASC)?", Pattern.CASE_INSENSITIVE);
  private static final DateTimeFormatter LITERAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffset("+HH:MM", "Z")
          .toFormatter();

  static SoqlQuery parse(String soql) {
    if (soql == null || soql.isBlank()) {
      throw malformed("the query is empty");
    }
    Matcher m = QUERY.matcher(soql);
    if (!m.matches()) {
      throw malformed("unexpected token in: " + soql);
    }
    List<String> fields = new ArrayList<>();
    for (String f : m.group("fields").split(",")) {
      String field = f.strip();
      if (!field.matches("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?")) {
        throw malformed("unexpected token '" + field + "' in the select list");
      }
      fields.add(field);
    }
    Instant since = null;
    boolean inclusive = false;
    Boolean deleted = null;
    String where = m.group("where");
    if (where != null) {
      for (String condition : AND.split(where.strip())) {
        Matcher stamp = MODSTAMP.matcher(condition.strip());
        Matcher del = DELETED.matcher(condition.strip());
        if (stamp.matches() && since == null) {
          inclusive = stamp.group(1).equals(">=");
          since = literal(stamp.group(2));
        } else if (del.matches() && deleted == null) {
          deleted = Boolean.parseBoolean(del.group(1).toLowerCase(Locale.ROOT));
        } else {
          throw malformed(
              "the sandbox supports only 'SystemModstamp > | >= dateTime' and 'IsDeleted ="
                  + " true|false' joined by AND, got: "
                  + condition.strip());
        }
      }
    }
    String order = m.group("order");
    if (order == null || !ORDER.matcher(order.strip()).matches()) {
      throw malformed("the sandbox supports only ORDER BY SystemModstamp, Id, got: " + order);
    }
    Integer limit = m.group("limit") == null ? null : Integer.valueOf(m.group("limit"));
    return new SoqlQuery(List.copyOf(fields), m.group("object"), since, inclusive, deleted, limit);
  }

  private static Instant literal(String value) {
    try {
      return OffsetDateTime.parse(value, LITERAL).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed(
          "line 1: value of filter criterion for field 'SystemModstamp' must be of type dateTime"
              + " and should not be enclosed in quotes: "
              + value);
    }
  }

  private static SoqlException malformed(String message) {
    return new SoqlException("MALFORMED_QUERY", message);
  }

  /** A query Salesforce would refuse, with its error code. */
  static final class SoqlException extends RuntimeException {
    private final String errorCode;

    SoqlException(String errorCode, String message) {
      super(message);
      this.errorCode = errorCode;
    }

    String errorCode() {
      return errorCode;
    }
  }
}

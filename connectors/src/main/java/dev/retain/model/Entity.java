package dev.retain.model;

/** The kinds of canonical record; {@link #table()} names the raw table each lands in. */
public enum Entity {
  ACCOUNT("account"),
  CONTACT("contact"),
  SUBSCRIPTION("subscription"),
  TICKET("ticket"),
  SURVEY_RESPONSE("survey_response"),
  USAGE_DAILY("usage_daily");

  private final String table;

  Entity(String table) {
    this.table = table;
  }

  public String table() {
    return table;
  }
}

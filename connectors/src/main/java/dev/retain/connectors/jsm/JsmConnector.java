package dev.retain.connectors.jsm;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.support.CheckMessages;
import java.util.List;

/**
 * Jira Service Management requests as tickets: one stream, {@code jsm.tickets}, through {@code GET
 * /rest/api/3/search/jql}, incremental on {@code updated}. See {@link JsmIssues} for the state
 * keys.
 */
public final class JsmConnector implements SourceConnector {
  public static final String SYSTEM = "jsm";

  /** State key: ISO-8601 instant the next query starts from. */
  public static final String STATE_UPDATED_SINCE = JsmIssues.UPDATED_SINCE;

  /** State key: the search's continuation token while a query is in flight. */
  public static final String STATE_NEXT_PAGE_TOKEN = JsmIssues.NEXT_PAGE_TOKEN;

  /** State key: the latest {@code updated} seen in the query in flight. */
  public static final String STATE_SEEN_UNTIL = JsmIssues.SEEN_UNTIL;

  private final JsmSettings settings;
  private final JsmIssues issues;

  public JsmConnector(JsmSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()));
  }

  public JsmConnector(JsmSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.issues = new JsmIssues(settings, transport);
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(issues);
  }

  public SourceStream tickets() {
    return issues;
  }

  @Override
  public CheckResult check() {
    try {
      int n = issues.probe();
      return CheckResult.ok(
          SYSTEM,
          "authenticated at "
              + settings.baseUrl()
              + " as "
              + settings.email()
              + "; JQL \""
              + settings.jql()
              + "\" read "
              + n
              + " issue(s)"
              + (n == 0
                  ? " (none visible: check the JQL and the Browse projects permission)"
                  : ""));
    } catch (ConnectorException e) {
      return CheckMessages.failed(
          SYSTEM,
          "Jira Service Management",
          settings.baseUrl(),
          "the email and API token",
          "the account needs Browse projects on the service desk project; a JQL naming a project"
              + " the account cannot see is rejected as if the project did not exist",
          e);
    }
  }
}

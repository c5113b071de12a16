package dev.retain.connectors.spi;

import java.util.Optional;

/**
 * A ticketing system Retain opens risk tickets in. Every ticket carries a dedupe key, so a re-run
 * finds the ticket it opened before and updates it instead of opening another.
 */
public interface TicketingSink {

  String system();

  /** The open or resolved ticket Retain opened earlier under this key, if any. */
  Optional<RemoteTicket> find(String dedupeKey);

  RemoteTicket create(RiskTicketDraft draft);

  /** Rewrites the ticket's summary, description and priority in place. */
  void update(RemoteTicket ticket, RiskTicketDraft draft);

  void comment(RemoteTicket ticket, String text);

  /** Moves the ticket to its resolved state, leaving a comment that says why. */
  void resolve(RemoteTicket ticket, String comment);

  /** Moves a resolved ticket back to open (the customer is at risk again). */
  void reopen(RemoteTicket ticket, String comment);

  CheckResult check();
}

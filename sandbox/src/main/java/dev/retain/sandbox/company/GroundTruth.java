package dev.retain.sandbox.company;

import static java.util.Objects.requireNonNull;

import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.sandbox.SandboxView;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What really is what: the true customer behind every record of every system, and each customer's
 * plan, ARR and churn date. Kept apart from the data; evaluations of identity resolution and churn
 * prediction read it.
 *
 * <p>Records cover the whole horizon, including those created after any given clock. Usage rows are
 * not listed one by one: their account, the product workspace ({@code product}, entity {@code
 * workspace}), is, and {@link #customerOf} maps a usage row's ref ({@code ws_x:2025-01-31}) through
 * it.
 */
public final class GroundTruth {
  /** Entity name for Delighted people in {@code records.csv}. */
  public static final String PERSON = "person";

  /** Entity name for product workspaces in {@code records.csv}. */
  public static final String WORKSPACE = "workspace";

  /**
   * One true customer.
   *
   * @param arr ARR in USD at the anchor date (the last ARR paid, when it churned before)
   * @param churnedOn the day the customer left, possibly after the anchor; null if it never does
   *     within the horizon
   * @param churnCause {@code HEALTH}, {@code PAYMENT} or {@code INVISIBLE} (no trace in the data);
   *     null when not churned
   */
  public record TrueCustomer(
      String key,
      String name,
      String domain,
      String plan,
      BigDecimal arr,
      int seats,
      LocalDate startedOn,
      LocalDate churnedOn,
      String churnCause,
      String workspaceId,
      String salesforceAccountId) {

    public TrueCustomer {
      requireNonNull(key, "key is null");
    }
  }

  /** One row of {@code records.csv}. */
  public record RecordTruth(String system, String entity, String sourceId, String customerKey) {}

  private final LocalDate anchor;
  private final Population population;
  private final Salesforce salesforce;
  private final Zendesk zendesk;
  private final Delighted delighted;
  private final List<TrueCustomer> customers;
  private Map<SourceRef, Integer> index;

  GroundTruth(
      LocalDate anchor,
      Population population,
      Salesforce salesforce,
      Zendesk zendesk,
      Delighted delighted) {
    this.anchor = anchor;
    this.population = population;
    this.salesforce = salesforce;
    this.zendesk = zendesk;
    this.delighted = delighted;
    this.customers = population.customers.stream().map(this::trueCustomer).toList();
  }

  private TrueCustomer trueCustomer(Customer c) {
    Lifecycle life = c.life();
    LocalDate paid =
        life.churned() != null && life.churned().isBefore(anchor)
            ? life.churned().minusDays(1)
            : anchor;
    LocalDate day = paid.isBefore(life.started()) ? life.started() : paid;
    return new TrueCustomer(
        c.key(),
        c.company().brand(),
        c.company().domain(),
        c.plan().label(),
        Salesforce.money(life.arrOn(day)),
        life.seatsOn(day),
        life.started(),
        life.churned(),
        life.cause() == null ? null : life.cause().name(),
        c.workspaceId(),
        salesforce.mainAccount[c.index()].id());
  }

  /** Every true customer, in key order. */
  public List<TrueCustomer> customers() {
    return customers;
  }

  public Optional<TrueCustomer> customer(String key) {
    return customers.stream().filter(c -> c.key().equals(key)).findFirst();
  }

  /** Every record of every system with its true customer, grouped by system and entity. */
  public Stream<RecordTruth> records() {
    String sf = SandboxView.SALESFORCE;
    String zd = SandboxView.ZENDESK;
    String dl = SandboxView.DELIGHTED;
    return Stream.of(
            salesforce.accounts.stream()
                .map(a -> row(sf, Entity.ACCOUNT.table(), a.id(), a.customer().index())),
            salesforce.contacts.stream()
                .map(c -> row(sf, Entity.CONTACT.table(), c.id(), c.person().customer())),
            salesforce.subscriptions.stream()
                .map(s -> row(sf, Entity.SUBSCRIPTION.table(), s.id(), s.customer().index())),
            zendesk.orgs.stream()
                .map(o -> row(zd, Entity.ACCOUNT.table(), o.id(), o.customer().index())),
            zendesk.users.stream()
                .map(u -> row(zd, Entity.CONTACT.table(), u.id(), u.person().customer())),
            zendesk.tickets.stream()
                .map(t -> row(zd, Entity.TICKET.table(), t.id(), t.customer().index())),
            delighted.persons.stream().map(p -> row(dl, PERSON, p.id(), p.person().customer())),
            delighted.responses.stream()
                .map(r -> row(dl, Entity.SURVEY_RESPONSE.table(), r.id(), r.customer().index())),
            population.customers.stream()
                .map(c -> row(SandboxView.PRODUCT, WORKSPACE, c.workspaceId(), c.index())))
        .flatMap(s -> s);
  }

  private RecordTruth row(String system, String entity, String id, int customer) {
    return new RecordTruth(system, entity, id, customers.get(customer).key());
  }

  /**
   * The true customer key behind a record, e.g. {@code cust-000123}; empty for a ref the sandbox
   * never produced. A usage row's ref resolves through its workspace.
   */
  public Optional<String> customerOf(SourceRef ref) {
    SourceRef key = ref;
    if (SandboxView.PRODUCT.equals(ref.system()) && ref.id().indexOf(':') > 0) {
      key = SourceRef.of(ref.system(), ref.id().substring(0, ref.id().indexOf(':')));
    }
    Integer customer = index().get(key);
    return customer == null ? Optional.empty() : Optional.of(customers.get(customer).key());
  }

  private synchronized Map<SourceRef, Integer> index() {
    if (index == null) {
      Map<String, Integer> byKey = new HashMap<>();
      for (int i = 0; i < customers.size(); i++) {
        byKey.put(customers.get(i).key(), i);
      }
      Map<SourceRef, Integer> map = new HashMap<>();
      records()
          .forEach(
              r -> map.put(SourceRef.of(r.system(), r.sourceId()), byKey.get(r.customerKey())));
      index = map;
    }
    return index;
  }

  /** Writes {@code records.csv} and {@code customers.csv} into {@code dir} (created if needed). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (BufferedWriter out =
        Files.newBufferedWriter(dir.resolve("records.csv"), StandardCharsets.UTF_8)) {
      out.write("system,entity,source_id,customer_key\n");
      Iterator<RecordTruth> rows = records().iterator();
      while (rows.hasNext()) {
        RecordTruth r = rows.next();
        out.write(
            r.system() + "," + r.entity() + "," + csv(r.sourceId()) + "," + r.customerKey() + "\n");
      }
    }
    try (BufferedWriter out =
        Files.newBufferedWriter(dir.resolve("customers.csv"), StandardCharsets.UTF_8)) {
      out.write(
          "customer_key,churned_on,churn_cause,plan,arr_usd,seats,started_on,name,domain,"
              + "workspace_id,salesforce_account_id\n");
      for (TrueCustomer c : customers) {
        out.write(
            String.join(
                    ",",
                    c.key(),
                    c.churnedOn() == null ? "" : c.churnedOn().toString(),
                    c.churnCause() == null ? "" : c.churnCause(),
                    c.plan(),
                    c.arr().toPlainString(),
                    Integer.toString(c.seats()),
                    c.startedOn().toString(),
                    csv(c.name()),
                    c.domain(),
                    c.workspaceId(),
                    c.salesforceAccountId())
                + "\n");
      }
    }
  }

  private static String csv(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}

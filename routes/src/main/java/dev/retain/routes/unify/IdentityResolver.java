package dev.retain.routes.unify;

import dev.retain.identity.FieldType;
import dev.retain.identity.IdentityEngine;
import dev.retain.identity.IdentityRecord;
import dev.retain.identity.RecordKey;
import dev.retain.identity.Resolution;
import dev.retain.identity.Settings;
import dev.retain.identity.Settings.BlockingRule;
import dev.retain.identity.Settings.Field;
import dev.retain.identity.Settings.KeyPair;
import dev.retain.identity.Settings.Rule;
import dev.retain.routes.unify.IdentityInput.AccountNode;
import dev.retain.routes.unify.IdentityInput.Key;
import dev.retain.routes.unify.IdentityInput.PersonNode;
import dev.retain.routes.unify.IdentityInput.TicketNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity resolution for the unify stage, with the identity engine ({@code retain-identity}).
 * Accounts, workspaces and people are resolved together: deterministic rules first (an account that
 * names another system's id, the same website or domain, a person's own account reference or an
 * account id they carry, the same address as a person already placed, the company email domain;
 * free-mail domains, role mailboxes and addresses shared by records of several customers decide
 * nothing), then a Fellegi-Sunter model over company names and domains for accounts no rule joined
 * (pairs between the review and the match probability go to review), with overrides and guards
 * against over-merging. A customer is a cluster holding at least one company-level record (an
 * account or a workspace); people in no such cluster are unmatched. Tickets then follow their
 * organization, else their requester. Every link says which rule or which comparisons made it.
 */
final class IdentityResolver {
  private static final String ACCOUNT = "account";
  private static final String WORKSPACE = "workspace";

  /** How one record was linked to its cluster. */
  record Link(int cluster, String rule, String evidence) {}

  /** A record that joined no cluster, and why. */
  record Unmatched(Key key, String reason) {}

  /** A borderline pair for a person to decide, with its explanation. */
  record Review(Key a, Key b, double probability, String reason) {}

  record Result(
      Map<Key, Link> links, List<Unmatched> unmatched, List<Review> review, int clusterCount) {}

  private final IdentitySettings settings;

  IdentityResolver(IdentitySettings settings) {
    this.settings = settings;
  }

  Result resolve(IdentityInput input) {
    return resolve(input, List.of());
  }

  Result resolve(IdentityInput input, List<LinkOverride> overrides) {
    Map<RecordKey, Key> keys = new LinkedHashMap<>();
    List<IdentityRecord> records = new ArrayList<>();
    for (AccountNode a : input.accounts()) {
      Map<String, String> v = new HashMap<>();
      v.put("company", a.name());
      v.put("domain", a.domain());
      v.put("external_id", a.externalId());
      records.add(new IdentityRecord(recordKey(a.key(), keys), v));
    }
    for (PersonNode p : input.persons()) {
      Map<String, String> v = new HashMap<>();
      v.put("email", p.email());
      v.put("external_id", p.accountExternalId());
      v.put(
          "account_ref",
          p.accountId() == null
              ? null
              : new RecordKey(p.key().source() + "/" + ACCOUNT, p.accountId()).toString());
      records.add(new IdentityRecord(recordKey(p.key(), keys), v));
    }
    Resolution resolution = new IdentityEngine(engineSettings(overrides)).resolve(records);

    // the rule that placed each record: the first link it takes part in
    Map<RecordKey, String[]> placedBy = new HashMap<>();
    for (Resolution.Link l : resolution.links()) {
      String evidence =
          l.reason().startsWith(l.rule() + ": ")
              ? l.reason().substring(l.rule().length() + 2)
              : l.reason();
      placedBy.putIfAbsent(l.a(), new String[] {l.rule(), evidence});
      placedBy.putIfAbsent(l.b(), new String[] {l.rule(), evidence});
    }
    Map<String, Boolean> isCustomer = new HashMap<>();
    resolution
        .clusterOf()
        .forEach(
            (k, label) -> {
              String entity = keys.get(k).entity();
              if (entity.equals(ACCOUNT) || entity.equals(WORKSPACE)) {
                isCustomer.put(label, true);
              }
            });
    Map<String, String> engineReason = new HashMap<>();
    resolution.unmatched().forEach(u -> engineReason.put(u.key().toString(), u.reason()));

    Map<Key, Link> links = new LinkedHashMap<>();
    Map<String, Integer> clusterIndex = new HashMap<>();
    List<Unmatched> unmatched = new ArrayList<>();
    for (Map.Entry<RecordKey, Key> e : keys.entrySet()) {
      String label = resolution.clusterOf().get(e.getKey());
      if (!isCustomer.containsKey(label)) {
        String reason = engineReason.get(e.getKey().toString());
        unmatched.add(
            new Unmatched(
                e.getValue(),
                reason != null
                    ? reason
                    : "linked only to people, to no account: " + placedBy.get(e.getKey())[0]));
        continue;
      }
      int cluster = clusterIndex.computeIfAbsent(label, x -> clusterIndex.size());
      String[] by = placedBy.get(e.getKey());
      links.put(
          e.getValue(),
          by == null
              ? new Link(cluster, ACCOUNT, "its own customer")
              : new Link(cluster, by[0], by[1]));
    }
    attachTickets(input.tickets(), links, unmatched);

    List<Review> review = new ArrayList<>();
    for (Resolution.ReviewPair p : resolution.review()) {
      review.add(new Review(keys.get(p.a()), keys.get(p.b()), p.probability(), p.reason()));
    }
    return new Result(links, unmatched, review, clusterIndex.size());
  }

  private static RecordKey recordKey(Key key, Map<RecordKey, Key> keys) {
    RecordKey k = new RecordKey(key.source() + "/" + key.entity(), key.sourceId());
    keys.put(k, key);
    return k;
  }

  private static RecordKey recordKey(Key key) {
    return new RecordKey(key.source() + "/" + key.entity(), key.sourceId());
  }

  /** The engine's fields, rules, blocking and thresholds for the canonical model. */
  Settings engineSettings(List<LinkOverride> overrides) {
    List<Field> fields =
        List.of(
            new Field("company", FieldType.COMPANY),
            new Field("domain", FieldType.DOMAIN),
            new Field("email", FieldType.EMAIL),
            new Field("account_ref", FieldType.ID),
            new Field("external_id", FieldType.ID));
    List<Rule> rules =
        List.of(
            Rule.reference("account_reference", "account_ref", null),
            Rule.reference("external_id", "external_id", "other"),
            Rule.same("domain", "domain", settings.maxDomainGroup()),
            Rule.same("email", "email", settings.maxEmailGroup()).attachingOnly(),
            Rule.emailDomain("email_domain", "email", "domain"));
    List<KeyPair> must = new ArrayList<>();
    List<KeyPair> cannot = new ArrayList<>();
    List<LinkOverride> all = new ArrayList<>(settings.overrides());
    all.addAll(overrides);
    for (LinkOverride o : all) {
      (o.kind() == LinkOverride.Kind.MUST_LINK ? must : cannot)
          .add(new KeyPair(recordKey(o.a()), recordKey(o.b())));
    }
    return Settings.of(
            fields,
            List.of("company", "domain"),
            rules,
            List.of(BlockingRule.of("company:5"), BlockingRule.of("domain")))
        .withThresholds(settings.matchProbability(), settings.reviewProbability())
        .withLimits(settings.maxClusterSize(), settings.maxBlockSize())
        .withOverrides(must, cannot);
  }

  private static void attachTickets(
      List<TicketNode> tickets, Map<Key, Link> links, List<Unmatched> unmatched) {
    for (TicketNode t : tickets) {
      Link organization =
          t.accountId() == null
              ? null
              : links.get(new Key(t.key().source(), ACCOUNT, t.accountId()));
      if (organization != null) {
        links.put(t.key(), new Link(organization.cluster(), "organization", t.accountId()));
        continue;
      }
      Link requester =
          t.requesterId() == null
              ? null
              : links.get(new Key(t.key().source(), "contact", t.requesterId()));
      if (requester != null) {
        links.put(t.key(), new Link(requester.cluster(), "requester", t.requesterId()));
      } else {
        unmatched.add(
            new Unmatched(
                t.key(),
                t.requesterId() == null
                    ? "no organization and no requester"
                    : "neither its organization nor its requester "
                        + t.requesterId()
                        + " is matched"));
      }
    }
  }
}

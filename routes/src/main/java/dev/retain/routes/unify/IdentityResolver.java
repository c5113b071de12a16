package dev.retain.routes.unify;

import dev.retain.routes.unify.IdentityInput.AccountNode;
import dev.retain.routes.unify.IdentityInput.Key;
import dev.retain.routes.unify.IdentityInput.PersonNode;
import dev.retain.routes.unify.IdentityInput.TicketNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic identity resolution. Company-level records are clustered first, by external ids
 * that point at another system's record and by normalised website or email domain (free-mail
 * domains never link). People then attach to one cluster each, by their own account reference, an
 * account id they carry, an address already known at exactly one customer, or their company email
 * domain; an address shared by people of different customers (a shared mailbox) decides nothing.
 * Tickets attach through their organization or else their requester. Every link says which rule
 * made it; everything left over is reported as unmatched with the reason.
 */
final class IdentityResolver {

  /** How one record was linked to its cluster. */
  record Link(int cluster, String rule, String evidence) {}

  /** A record that joined no cluster, and why. */
  record Unmatched(Key key, String reason) {}

  record Result(Map<Key, Link> links, List<Unmatched> unmatched, int clusterCount) {}

  Result resolve(IdentityInput input) {
    List<AccountNode> accounts = input.accounts();
    UnionFind uf = new UnionFind(accounts.size());
    String[] firstRule = new String[accounts.size()];
    String[] firstEvidence = new String[accounts.size()];

    // 1. external ids: an account that names another system's record id
    Map<String, List<Integer>> bySourceId = new HashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      bySourceId.computeIfAbsent(accounts.get(i).key().sourceId(), k -> new ArrayList<>()).add(i);
    }
    for (int i = 0; i < accounts.size(); i++) {
      AccountNode a = accounts.get(i);
      if (a.externalId() == null) {
        continue;
      }
      for (int j : bySourceId.getOrDefault(a.externalId(), List.of())) {
        if (!accounts.get(j).key().source().equals(a.key().source())) {
          union(
              uf,
              i,
              j,
              "external_id",
              a.key() + " names " + accounts.get(j).key(),
              firstRule,
              firstEvidence);
        }
      }
    }

    // 2. the same company domain
    Map<String, List<Integer>> byDomain = new HashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      String d = Identifiers.domain(accounts.get(i).domain());
      if (d != null && !Identifiers.isFreeMail(d)) {
        byDomain.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
      }
    }
    for (var entry : byDomain.entrySet()) {
      List<Integer> same = entry.getValue();
      for (int k = 1; k < same.size(); k++) {
        union(uf, same.get(0), same.get(k), "domain", entry.getKey(), firstRule, firstEvidence);
      }
    }

    Map<Key, Link> links = new LinkedHashMap<>();
    Map<String, Integer> accountCluster = new HashMap<>(); // "source|id" -> cluster
    Map<String, Integer> domainCluster = new HashMap<>();
    Map<String, Set<Integer>> anyIdCluster = new HashMap<>();
    int[] clusterOfRoot = new int[accounts.size()];
    java.util.Arrays.fill(clusterOfRoot, -1);
    int clusters = 0;
    for (int i = 0; i < accounts.size(); i++) {
      int root = uf.find(i);
      if (clusterOfRoot[root] < 0) {
        clusterOfRoot[root] = clusters++;
      }
      int cluster = clusterOfRoot[root];
      AccountNode a = accounts.get(i);
      links.put(
          a.key(),
          new Link(
              cluster,
              firstRule[i] == null ? "account" : firstRule[i],
              firstRule[i] == null ? "its own customer" : firstEvidence[i]));
      accountCluster.put(a.key().source() + "|" + a.key().sourceId(), cluster);
      anyIdCluster.computeIfAbsent(a.key().sourceId(), k -> new HashSet<>()).add(cluster);
    }
    for (var entry : byDomain.entrySet()) {
      domainCluster.put(entry.getKey(), clusterOfRoot[uf.find(entry.getValue().get(0))]);
    }

    List<Unmatched> unmatched = new ArrayList<>();
    attachPersons(input.persons(), links, accountCluster, anyIdCluster, domainCluster, unmatched);
    attachTickets(input.tickets(), links, accountCluster, unmatched);
    return new Result(links, unmatched, clusters);
  }

  private static void attachPersons(
      List<PersonNode> persons,
      Map<Key, Link> links,
      Map<String, Integer> accountCluster,
      Map<String, Set<Integer>> anyIdCluster,
      Map<String, Integer> domainCluster,
      List<Unmatched> unmatched) {
    // first pass: references; the addresses of people placed this way become evidence
    Map<String, Set<Integer>> emailClusters = new HashMap<>();
    List<PersonNode> pending = new ArrayList<>();
    for (PersonNode p : persons) {
      Integer cluster =
          p.accountId() == null ? null : accountCluster.get(p.key().source() + "|" + p.accountId());
      String rule = "account_reference";
      String evidence = p.accountId();
      if (cluster == null && p.accountExternalId() != null) {
        Set<Integer> named = anyIdCluster.getOrDefault(p.accountExternalId(), Set.of());
        if (named.size() == 1) {
          cluster = named.iterator().next();
          rule = "external_id";
          evidence = p.accountExternalId();
        }
      }
      if (cluster != null) {
        links.put(p.key(), new Link(cluster, rule, evidence));
        String email = Identifiers.email(p.email());
        if (email != null) {
          emailClusters.computeIfAbsent(email, k -> new HashSet<>()).add(cluster);
        }
      } else {
        pending.add(p);
      }
    }
    // second pass: the same address as someone placed, then the company email domain
    for (PersonNode p : pending) {
      String email = Identifiers.email(p.email());
      if (email == null) {
        unmatched.add(new Unmatched(p.key(), "no account reference and no usable email address"));
        continue;
      }
      Set<Integer> known = emailClusters.getOrDefault(email, Set.of());
      if (known.size() == 1) {
        links.put(p.key(), new Link(known.iterator().next(), "email", email));
        continue;
      }
      if (known.size() > 1) {
        unmatched.add(
            new Unmatched(
                p.key(),
                "address " + email + " is shared by people at " + known.size() + " customers"));
        continue;
      }
      String domain = email.substring(email.indexOf('@') + 1);
      if (Identifiers.isFreeMail(domain)) {
        unmatched.add(
            new Unmatched(p.key(), "free-mail address (" + domain + ") and no account reference"));
        continue;
      }
      Integer cluster = domainCluster.get(domain);
      if (cluster == null) {
        unmatched.add(new Unmatched(p.key(), "no customer has the domain " + domain));
      } else {
        links.put(p.key(), new Link(cluster, "email_domain", domain));
      }
    }
  }

  private static void attachTickets(
      List<TicketNode> tickets,
      Map<Key, Link> links,
      Map<String, Integer> accountCluster,
      List<Unmatched> unmatched) {
    for (TicketNode t : tickets) {
      Integer cluster =
          t.accountId() == null ? null : accountCluster.get(t.key().source() + "|" + t.accountId());
      if (cluster != null) {
        links.put(t.key(), new Link(cluster, "organization", t.accountId()));
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

  private static void union(
      UnionFind uf,
      int a,
      int b,
      String rule,
      String evidence,
      String[] rules,
      String[] evidences) {
    if (uf.union(a, b)) {
      for (int n : new int[] {a, b}) {
        if (rules[n] == null) {
          rules[n] = rule;
          evidences[n] = evidence;
        }
      }
    }
  }

  /** Union-find with path halving and union by size. */
  private static final class UnionFind {
    private final int[] parent;
    private final int[] size;

    UnionFind(int n) {
      parent = new int[n];
      size = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
        size[i] = 1;
      }
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    boolean union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra == rb) {
        return false;
      }
      if (size[ra] < size[rb]) {
        int t = ra;
        ra = rb;
        rb = t;
      }
      parent[rb] = ra;
      size[ra] += size[rb];
      return true;
    }
  }
}

package dev.retain.routes.unify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.routes.unify.IdentityInput.AccountNode;
import dev.retain.routes.unify.IdentityInput.Key;
import dev.retain.routes.unify.IdentityInput.PersonNode;
import dev.retain.routes.unify.IdentityInput.TicketNode;
import dev.retain.routes.unify.IdentityResolver.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityResolverTest {
  private final IdentityResolver resolver = new IdentityResolver(IdentitySettings.defaults());

  private static Key account(String source, String id) {
    return new Key(source, "account", id);
  }

  private static Key contact(String source, String id) {
    return new Key(source, "contact", id);
  }

  @Test
  void externalIdsAndDomainsJoinAccountsAcrossSystems() {
    Result r =
        resolver.resolve(
            new IdentityInput(
                List.of(
                    new AccountNode(
                        account("salesforce", "001A"), "Acme Inc.", "https://www.acme.com", "ws_1"),
                    new AccountNode(account("zendesk", "9"), "ACME", null, "001A"),
                    new AccountNode(
                        account("salesforce", "001B"), "Acme (duplicate)", "acme.com", null),
                    new AccountNode(new Key("product", "workspace", "ws_1"), null, null, null),
                    new AccountNode(account("salesforce", "001C"), "Globex", "globex.io", null)),
                List.of(),
                List.of()));

    int acme = r.links().get(account("salesforce", "001A")).cluster();
    assertThat(r.links().get(account("zendesk", "9")).cluster()).isEqualTo(acme);
    assertThat(r.links().get(account("zendesk", "9")).rule()).isEqualTo("external_id");
    assertThat(r.links().get(account("salesforce", "001B")).cluster()).isEqualTo(acme);
    assertThat(r.links().get(account("salesforce", "001B")).rule()).isEqualTo("domain");
    assertThat(r.links().get(new Key("product", "workspace", "ws_1")).cluster()).isEqualTo(acme);
    assertThat(r.links().get(account("salesforce", "001C")).cluster()).isNotEqualTo(acme);
    assertThat(r.clusterCount()).isEqualTo(2);
  }

  @Test
  void freeMailDomainsNeverMergeCompanies() {
    Result r =
        resolver.resolve(
            new IdentityInput(
                List.of(
                    new AccountNode(
                        account("salesforce", "001A"), "Solo Consulting", "gmail.com", null),
                    new AccountNode(
                        account("salesforce", "001B"), "Other Solo", "www.gmail.com", null)),
                List.of(new PersonNode(contact("zendesk", "u1"), null, "someone@gmail.com", null)),
                List.of()));

    assertThat(r.links().get(account("salesforce", "001A")).cluster())
        .isNotEqualTo(r.links().get(account("salesforce", "001B")).cluster());
    assertThat(r.unmatched())
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("free-mail"));
  }

  @Test
  void peopleAttachByReferenceThenByAddressThenByCompanyDomain() {
    Result r =
        resolver.resolve(
            new IdentityInput(
                List.of(
                    new AccountNode(account("salesforce", "001A"), "Acme", "acme.com", null),
                    new AccountNode(account("salesforce", "001C"), "Globex", "globex.io", null)),
                List.of(
                    new PersonNode(contact("salesforce", "003a"), "001A", "Jane@Acme.com", null),
                    new PersonNode(
                        new Key("delighted", "respondent", "p1"), null, "jane+nps@acme.com", null),
                    new PersonNode(contact("zendesk", "u2"), null, "bob@globex.io", null),
                    new PersonNode(
                        new Key("delighted", "respondent", "p2"), null, "x@gmail.com", "001C"),
                    new PersonNode(contact("zendesk", "u3"), null, "who@unknown.org", null)),
                List.of()));

    int acme = r.links().get(account("salesforce", "001A")).cluster();
    int globex = r.links().get(account("salesforce", "001C")).cluster();
    assertThat(r.links().get(contact("salesforce", "003a")).rule()).isEqualTo("account_reference");
    assertThat(r.links().get(new Key("delighted", "respondent", "p1")))
        .satisfies(
            l -> {
              assertThat(l.cluster()).isEqualTo(acme);
              assertThat(l.rule()).isEqualTo("email");
            });
    assertThat(r.links().get(contact("zendesk", "u2")).cluster()).isEqualTo(globex);
    assertThat(r.links().get(contact("zendesk", "u2")).rule()).isEqualTo("email_domain");
    assertThat(r.links().get(new Key("delighted", "respondent", "p2")).cluster()).isEqualTo(globex);
    assertThat(r.unmatched()).extracting(u -> u.key().sourceId()).containsExactly("u3");
  }

  @Test
  void aSharedMailboxDecidesNothing() {
    Result r =
        resolver.resolve(
            new IdentityInput(
                List.of(
                    new AccountNode(account("salesforce", "001A"), "Acme", "acme.com", null),
                    new AccountNode(account("salesforce", "001C"), "Globex", "globex.io", null)),
                List.of(
                    new PersonNode(
                        contact("salesforce", "003a"), "001A", "jo.smith@shared.net", null),
                    new PersonNode(
                        contact("salesforce", "003c"), "001C", "jo.smith@shared.net", null),
                    new PersonNode(contact("zendesk", "u9"), null, "JO.Smith@shared.net", null)),
                List.of()));

    assertThat(r.links()).doesNotContainKey(contact("zendesk", "u9"));
    assertThat(r.unmatched())
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("shared by records of 2 clusters"));
    assertThat(r.review())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.reason()).contains("jo.smith@shared.net"));
  }

  @Test
  void ticketsFollowTheirOrganizationOrElseTheirRequester() {
    Result r =
        resolver.resolve(
            new IdentityInput(
                List.of(new AccountNode(account("zendesk", "9"), "Acme", "acme.com", null)),
                List.of(new PersonNode(contact("zendesk", "u1"), null, "ann@acme.com", null)),
                List.of(
                    new TicketNode(new Key("zendesk", "ticket", "1"), "9", "u1"),
                    new TicketNode(new Key("zendesk", "ticket", "2"), null, "u1"),
                    new TicketNode(new Key("zendesk", "ticket", "3"), null, "u404"))));

    assertThat(r.links().get(new Key("zendesk", "ticket", "1")).rule()).isEqualTo("organization");
    assertThat(r.links().get(new Key("zendesk", "ticket", "2")).rule()).isEqualTo("requester");
    assertThat(r.unmatched()).extracting(u -> u.key().sourceId()).containsExactly("3");
  }

  @Test
  void aRoleMailboxDecidesNothing() {
    Result r =
        resolver.resolve(
            new IdentityInput(
                List.of(new AccountNode(account("salesforce", "001A"), "Acme", "acme.com", null)),
                List.of(
                    new PersonNode(contact("salesforce", "003a"), "001A", "billing@mail.net", null),
                    new PersonNode(contact("zendesk", "u9"), null, "billing@mail.net", null)),
                List.of()));

    assertThat(r.links()).doesNotContainKey(contact("zendesk", "u9"));
    assertThat(r.unmatched())
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("role mailbox"));
  }

  @Test
  void overridesSplitAndJoinAccounts() {
    IdentityInput input =
        new IdentityInput(
            List.of(
                new AccountNode(account("salesforce", "001A"), "Acme", "acme.com", null),
                new AccountNode(account("salesforce", "001B"), "Acme EU", "acme.com", null),
                new AccountNode(account("zendesk", "7"), "Initech", null, null)),
            List.of(),
            List.of());
    Result r =
        resolver.resolve(
            input,
            List.of(
                new LinkOverride(
                    LinkOverride.Kind.CANNOT_LINK,
                    account("salesforce", "001A"),
                    account("salesforce", "001B")),
                new LinkOverride(
                    LinkOverride.Kind.MUST_LINK,
                    account("salesforce", "001B"),
                    account("zendesk", "7"))));

    assertThat(r.links().get(account("salesforce", "001A")).cluster())
        .isNotEqualTo(r.links().get(account("salesforce", "001B")).cluster());
    assertThat(r.links().get(account("zendesk", "7")))
        .satisfies(
            l -> {
              assertThat(l.cluster())
                  .isEqualTo(r.links().get(account("salesforce", "001B")).cluster());
              assertThat(l.rule()).isEqualTo("must_link");
            });
  }

  @Test
  void settingsFailNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new IdentitySettings(0.5, 0.9, 10, 10, 10, 10, List.of(), List.of()))
        .hasMessageContaining("retain.identity.review-probability");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new IdentitySettings(
                    0.999, 0.5, 10, 10, 10, 10, List.of("salesforce/account/1"), List.of()))
        .hasMessageContaining("retain.identity.must-link[0]");
  }
}

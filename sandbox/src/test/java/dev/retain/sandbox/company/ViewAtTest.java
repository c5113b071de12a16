package dev.retain.sandbox.company;

import static dev.retain.sandbox.company.Companies.ANCHOR;
import static dev.retain.sandbox.company.Companies.ANCHOR_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.Ticket;
import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A view shows each record as it was at the view's clock. */
class ViewAtTest {
  private static final Instant EARLIER = ANCHOR_CLOCK.minusSeconds(30 * 86_400L);

  @Test
  void anEarlierViewIsASubsetOfALaterOne() {
    SandboxView earlier = Companies.medium().viewAt(EARLIER);
    Set<SourceRef> earlierRefs = refs(earlier);
    SandboxView later = Companies.medium().viewAt(ANCHOR_CLOCK);
    Set<SourceRef> laterRefs = refs(later);

    Set<SourceRef> missing = new HashSet<>(earlierRefs);
    missing.removeAll(laterRefs);
    assertThat(missing).isEmpty();
    assertThat(laterRefs.size()).isGreaterThan(earlierRefs.size());
  }

  @Test
  void ticketsSolvedAfterTheClockAreStillOpen() {
    Map<SourceRef, Ticket> earlier = byRef(Companies.medium().viewAt(EARLIER).tickets());
    Map<SourceRef, Ticket> later = byRef(Companies.medium().viewAt(ANCHOR_CLOCK).tickets());

    List<Ticket> solvedSince =
        earlier.values().stream()
            .filter(t -> t.status().isOpen())
            .map(t -> later.get(t.ref()))
            .filter(t -> !t.status().isOpen())
            .toList();

    assertThat(solvedSince).isNotEmpty().allSatisfy(t -> assertThat(t.solvedAt()).isAfter(EARLIER));
    assertThat(earlier.values())
        .filteredOn(t -> t.status().isOpen())
        .allSatisfy(t -> assertThat(t.solvedAt()).isNull());
    assertThat(later.values().stream().filter(t -> t.updatedAt().isAfter(EARLIER)).count())
        .isGreaterThan(earlier.size() / 20);
  }

  @Test
  void subscriptionsCanceledAfterTheClockAreStillLive() {
    GroundTruth truth = Companies.medium().truth();
    Map<SourceRef, Subscription> earlier =
        byRef(Companies.medium().viewAt(EARLIER).subscriptions());
    Map<SourceRef, Subscription> later =
        byRef(Companies.medium().viewAt(ANCHOR_CLOCK).subscriptions());

    List<Subscription> canceledMeanwhile =
        later.values().stream()
            .filter(s -> s.status() == Subscription.Status.CANCELED)
            .filter(s -> s.churned().isAfter(ANCHOR.minusDays(29)))
            .toList();

    assertThat(canceledMeanwhile)
        .isNotEmpty()
        .allSatisfy(
            s -> {
              Subscription before = earlier.get(s.ref());
              assertThat(before.status()).isNotEqualTo(Subscription.Status.CANCELED);
              assertThat(before.churned()).isNull();
              assertThat(
                      truth.customerOf(s.ref()).flatMap(truth::customer).orElseThrow().churnedOn())
                  .isEqualTo(s.churned());
            });
  }

  @Test
  void movingTheClockOneDayBringsNewChanges() {
    SandboxView today = Companies.medium().viewAt(ANCHOR_CLOCK);
    Instant tomorrow = ANCHOR_CLOCK.plusSeconds(86_400);
    SandboxView next = Companies.medium().viewAt(tomorrow);

    assertThat(next.tickets().size()).isGreaterThan(today.tickets().size());
    assertThat(next.tickets()).anyMatch(t -> t.updatedAt().isAfter(ANCHOR_CLOCK));
    assertThat(today.usage(ANCHOR)).isEmpty();
    assertThat(next.usage(ANCHOR)).isNotEmpty();
  }

  @Test
  void recordsCreatedInTheFutureAreAbsent() {
    SandboxView view = Companies.medium().viewAt(EARLIER);

    assertThat(view.tickets())
        .allSatisfy(t -> assertThat(t.createdAt()).isBeforeOrEqualTo(EARLIER));
    assertThat(view.surveyResponses())
        .allSatisfy(r -> assertThat(r.createdAt()).isBeforeOrEqualTo(EARLIER));
    assertThat(view.subscriptions())
        .allSatisfy(s -> assertThat(s.started()).isBeforeOrEqualTo(ANCHOR.minusDays(30)));
  }

  private static Set<SourceRef> refs(SandboxView view) {
    return CompanyShapeTest.allRecords(view).map(CanonicalRecord::ref).collect(Collectors.toSet());
  }

  private static <T extends CanonicalRecord> Map<SourceRef, T> byRef(List<T> records) {
    return records.stream().collect(Collectors.toMap(CanonicalRecord::ref, Function.identity()));
  }
}

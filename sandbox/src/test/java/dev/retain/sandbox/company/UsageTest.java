package dev.retain.sandbox.company;

import static dev.retain.sandbox.company.Companies.ANCHOR;
import static dev.retain.sandbox.company.Companies.ANCHOR_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.model.Account;
import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void aDaysUsageIsTheSameEveryTimeItIsAskedFor() {
    LocalDate day = ANCHOR.minusDays(40);
    List<UsageDaily> once = Companies.medium().viewAt(ANCHOR_CLOCK).usage(day).toList();
    List<UsageDaily> again =
        SandboxCompany.generate(SandboxSpec.of(1_500, 7, ANCHOR))
            .viewAt(ANCHOR_CLOCK.plusSeconds(3_600))
            .usage(day)
            .toList();

    assertThat(once).isNotEmpty().isEqualTo(again);
  }

  @Test
  void noUsageForDaysNotOverAtTheClockNorOutsideHistory() {
    SandboxView view = Companies.medium().viewAt(ANCHOR_CLOCK.plusSeconds(6 * 3_600));

    assertThat(view.usage(ANCHOR)).isEmpty();
    assertThat(view.usage(ANCHOR.plusDays(10))).isEmpty();
    assertThat(view.usage(view.firstUsageDay().minusDays(1))).isEmpty();
    assertThat(view.usage(view.firstUsageDay())).isNotEmpty();
    assertThat(view.usage(ANCHOR.minusDays(1)))
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u.updatedAt()).isEqualTo(ANCHOR_CLOCK));
  }

  @Test
  void rowsAreConsistentAndWeekendsAreQuiet() {
    SandboxView view = Companies.medium().viewAt(ANCHOR_CLOCK);
    LocalDate saturday = ANCHOR.minusDays(30).with(DayOfWeek.SATURDAY);
    LocalDate wednesday = saturday.minusDays(3);

    List<UsageDaily> weekday = view.usage(wednesday).toList();
    List<UsageDaily> weekend = view.usage(saturday).toList();
    assertThat(weekend.stream().mapToLong(UsageDaily::coreEvents).sum())
        .isLessThan(weekday.stream().mapToLong(UsageDaily::coreEvents).sum() / 3);
    assertThat(weekday)
        .allSatisfy(
            u -> {
              assertThat(u.logins()).isGreaterThanOrEqualTo(u.activeSeats());
              assertThat(u.day()).isEqualTo(wednesday);
            });
  }

  @Test
  void activeSeatsNeverExceedTheSeatsAndChurnedCustomersGoQuiet() {
    SandboxCompany company = Companies.medium();
    SandboxView view = company.viewAt(ANCHOR_CLOCK);
    GroundTruth truth = company.truth();
    LocalDate day = ANCHOR.minusDays(10);
    Map<String, Integer> seats =
        company.viewAt(Companies.clock(day.plusDays(1))).accounts(SandboxView.SALESFORCE).stream()
            .filter(a -> a.seats() != null)
            .collect(Collectors.toMap(a -> a.ref().id(), Account::seats));

    for (UsageDaily u : view.usage(day).toList()) {
      GroundTruth.TrueCustomer customer =
          truth.customerOf(u.account()).flatMap(truth::customer).orElseThrow();
      assertThat(u.activeSeats()).isLessThanOrEqualTo(seats.get(customer.salesforceAccountId()));
      assertThat(customer.churnedOn() == null || customer.churnedOn().isAfter(day)).isTrue();
    }
    List<SourceRef> churnedWorkspaces =
        truth.customers().stream()
            .filter(c -> c.churnedOn() != null && c.churnedOn().isBefore(day))
            .map(c -> SourceRef.of(SandboxView.PRODUCT, c.workspaceId()))
            .toList();
    assertThat(churnedWorkspaces).isNotEmpty();
    assertThat(view.usage(day).map(UsageDaily::account))
        .doesNotContainAnyElementsOf(churnedWorkspaces);
  }
}

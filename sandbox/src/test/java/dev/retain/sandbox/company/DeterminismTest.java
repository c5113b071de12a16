package dev.retain.sandbox.company;

import static dev.retain.sandbox.company.Companies.ANCHOR;
import static dev.retain.sandbox.company.Companies.ANCHOR_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.sandbox.SandboxView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  @TempDir Path dir;

  @Test
  void sameSpecGivesByteIdenticalTruthAndViews() throws IOException {
    SandboxSpec spec = SandboxSpec.of(300, 11, ANCHOR);
    SandboxCompany first = SandboxCompany.generate(spec);
    SandboxCompany second = SandboxCompany.generate(spec);

    first.truth().write(dir.resolve("a"));
    second.truth().write(dir.resolve("b"));

    for (String file : new String[] {"records.csv", "customers.csv"}) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
    }
    Instant later = ANCHOR_CLOCK.plusSeconds(86_400 * 20);
    assertThat(dump(first.viewAt(ANCHOR_CLOCK))).isEqualTo(dump(second.viewAt(ANCHOR_CLOCK)));
    assertThat(dump(first.viewAt(later))).isEqualTo(dump(second.viewAt(later)));
  }

  @Test
  void anotherSeedGivesAnotherCompany() {
    SandboxCompany a = SandboxCompany.generate(SandboxSpec.of(100, 1, ANCHOR));
    SandboxCompany b = SandboxCompany.generate(SandboxSpec.of(100, 2, ANCHOR));

    assertThat(dump(a.viewAt(ANCHOR_CLOCK))).isNotEqualTo(dump(b.viewAt(ANCHOR_CLOCK)));
  }

  @Test
  void viewAtTheSameClockIsCached() {
    SandboxCompany company = Companies.medium();

    assertThat(company.viewAt(ANCHOR_CLOCK)).isSameAs(company.viewAt(ANCHOR_CLOCK));
  }

  /** Every record of a view as text, in order, with a few days of usage. */
  static String dump(SandboxView view) {
    return Stream.of(
            view.accounts(SandboxView.SALESFORCE),
            view.accounts(SandboxView.ZENDESK),
            view.contacts(SandboxView.SALESFORCE),
            view.contacts(SandboxView.ZENDESK),
            view.subscriptions(),
            view.tickets(),
            view.surveyResponses(),
            view.usage(ANCHOR.minusDays(1)).toList(),
            view.usage(ANCHOR.minusDays(200)).toList())
        .flatMap(list -> list.stream().map(Object::toString))
        .collect(Collectors.joining("\n"));
  }
}

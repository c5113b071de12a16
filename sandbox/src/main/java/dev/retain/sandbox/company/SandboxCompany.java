package dev.retain.sandbox.company;

import static java.util.Objects.requireNonNull;

import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A deterministic, seeded B2B software company: its customers as Salesforce, Zendesk, Delighted and
 * the product each see them, driven by a latent weekly health per customer, plus the {@link
 * GroundTruth} behind it. The same spec always gives the same company.
 *
 * <pre>{@code
 * SandboxCompany company = SandboxCompany.generate(SandboxSpec.of(2_000, 42, anchor));
 * SandboxView today = company.viewAt(anchor.atStartOfDay(ZoneOffset.UTC).toInstant());
 * }</pre>
 */
public final class SandboxCompany {
  private final SandboxSpec spec;
  private final Salesforce salesforce;
  private final Zendesk zendesk;
  private final Delighted delighted;
  private final ProductUsage usage;
  private final GroundTruth truth;
  private CompanyView lastView;

  private SandboxCompany(
      SandboxSpec spec,
      Salesforce salesforce,
      Zendesk zendesk,
      Delighted delighted,
      ProductUsage usage,
      GroundTruth truth) {
    this.spec = spec;
    this.salesforce = salesforce;
    this.zendesk = zendesk;
    this.delighted = delighted;
    this.usage = usage;
    this.truth = truth;
  }

  public static SandboxCompany generate(SandboxSpec spec) {
    requireNonNull(spec, "spec is null");
    LocalDate start = spec.historyStart();
    LocalDate end = spec.historyEnd();
    Population population = Population.generate(spec);
    Salesforce salesforce = Salesforce.build(spec.seed(), population, end);
    Zendesk zendesk = Zendesk.build(spec.seed(), population, salesforce, start, end);
    Delighted delighted = Delighted.build(spec.seed(), population, salesforce, start, end);
    ProductUsage usage = new ProductUsage(spec.seed(), population.customers, start, end);
    GroundTruth truth =
        new GroundTruth(spec.anchorDate(), population, salesforce, zendesk, delighted);
    return new SandboxCompany(spec, salesforce, zendesk, delighted, usage, truth);
  }

  public SandboxSpec spec() {
    return spec;
  }

  /**
   * The company as its systems show it at {@code clock}: every record created at or before it, in
   * the state it had then. The most recent view is cached.
   */
  public synchronized SandboxView viewAt(Instant clock) {
    requireNonNull(clock, "clock is null");
    if (lastView == null || !lastView.asOf().equals(clock)) {
      lastView = new CompanyView(clock, salesforce, zendesk, delighted, usage);
    }
    return lastView;
  }

  public GroundTruth truth() {
    return truth;
  }
}

package dev.retain.sandbox.company;

import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Daily usage per workspace, never stored: each (customer, day) row is computed on demand from its
 * own random stream and the customer's health that week. A day's row exists once the day is over
 * (it is stamped at the next midnight UTC), and only when someone was active.
 */
final class ProductUsage {
  private static final double WEEKEND_FACTOR = 0.12;
  private static final double ENGAGEMENT_SLOPE = 1.3;
  private static final double ENGAGEMENT_MIDPOINT = 0.3;
  private static final int WIND_DOWN_DAYS = 30;

  private final long seed;
  private final List<Customer> customers;
  private final LocalDate first;
  private final LocalDate last;

  ProductUsage(long seed, List<Customer> customers, LocalDate first, LocalDate last) {
    this.seed = seed;
    this.customers = customers;
    this.first = first;
    this.last = last;
  }

  LocalDate firstDay() {
    return first;
  }

  /** The day's rows as seen at {@code clock}: empty until the day is complete. */
  Stream<UsageDaily> rows(LocalDate day, Instant clock) {
    Instant stamped = Lifecycle.at(day.plusDays(1), 0);
    if (day.isBefore(first) || day.isAfter(last) || stamped.isAfter(clock)) {
      return Stream.empty();
    }
    return customers.stream()
        .filter(c -> c.life().activeOn(day))
        .map(c -> row(c, day, stamped))
        .filter(Objects::nonNull);
  }

  /**
   * A customer that decided to leave over its health (a month before the renewal) moves its work
   * elsewhere: activity fades to about half by the last day. Other churn gives no such warning.
   */
  private static double windDown(Lifecycle life, LocalDate day) {
    if (life.cause() != Lifecycle.ChurnCause.HEALTH) {
      return 1;
    }
    long left = ChronoUnit.DAYS.between(day, life.churned());
    return left >= WIND_DOWN_DAYS ? 1 : 0.5 + 0.5 * left / WIND_DOWN_DAYS;
  }

  private UsageDaily row(Customer customer, LocalDate day, Instant stamped) {
    Rng rng = Rng.of(seed, Rng.Purpose.USAGE, customer.index(), day.toEpochDay());
    double health = customer.health().at(day) + rng.gaussian(0, 0.3);
    double engagement = Rng.sigmoid(ENGAGEMENT_SLOPE * (health - ENGAGEMENT_MIDPOINT));
    DayOfWeek dow = day.getDayOfWeek();
    double weekday = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? WEEKEND_FACTOR : 1;
    int seats = customer.life().seatsOn(day);
    double p =
        Math.min(
            0.98,
            (0.05 + 0.8 * engagement)
                * weekday
                * customer.usageIntensity()
                * windDown(customer.life(), day));
    int active = rng.binomial(seats, p);
    if (active == 0) {
      return null;
    }
    int logins = active + rng.poisson(0.4 * active);
    double intensity = customer.usageIntensity() * (0.4 + engagement);
    int core = rng.poisson(active * 12 * intensity);
    int secondary = rng.poisson(active * 4 * (0.5 + rng.nextDouble()));
    String ws = customer.workspaceId();
    return new UsageDaily(
        SourceRef.of(SandboxView.PRODUCT, ws + ":" + day),
        SourceRef.of(SandboxView.PRODUCT, ws),
        day,
        logins,
        core,
        secondary,
        active,
        stamped);
  }
}

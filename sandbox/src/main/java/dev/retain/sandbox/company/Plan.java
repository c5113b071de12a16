package dev.retain.sandbox.company;

/** The product's plans, with the distributions a customer on each plan draws from. */
enum Plan {
  STARTER("Starter", 6_000, 0.45, 3, 15, -0.2, 0.05),
  GROWTH("Growth", 28_000, 0.40, 15, 80, 0.0, 0.12),
  ENTERPRISE("Enterprise", 140_000, 0.50, 80, 600, 0.2, 0.28);

  private final String label;
  private final double medianArr;
  private final double arrSigma;
  private final int minSeats;
  private final int maxSeats;
  private final double healthOffset;
  private final double ticketsPerWeek;

  Plan(
      String label,
      double medianArr,
      double arrSigma,
      int minSeats,
      int maxSeats,
      double healthOffset,
      double ticketsPerWeek) {
    this.label = label;
    this.medianArr = medianArr;
    this.arrSigma = arrSigma;
    this.minSeats = minSeats;
    this.maxSeats = maxSeats;
    this.healthOffset = healthOffset;
    this.ticketsPerWeek = ticketsPerWeek;
  }

  static Plan draw(Rng rng) {
    return values()[rng.weighted(55, 33, 12)];
  }

  String label() {
    return label;
  }

  /** A realistic first-year ARR in USD: log-normal around the plan's median. */
  double drawArr(Rng rng) {
    return Math.round(rng.logNormal(medianArr, arrSigma) / 10) * 10.0;
  }

  int drawSeats(Rng rng) {
    double logMin = Math.log(minSeats);
    double logMax = Math.log(maxSeats);
    return (int) Math.round(Math.exp(logMin + rng.nextDouble() * (logMax - logMin)));
  }

  double healthOffset() {
    return healthOffset;
  }

  double ticketsPerWeek() {
    return ticketsPerWeek;
  }

  /** Log-odds added to the churn decision at renewal. */
  double churnOffset() {
    return switch (this) {
      case STARTER -> 0.4;
      case GROWTH -> 0.0;
      case ENTERPRISE -> -0.7;
    };
  }
}

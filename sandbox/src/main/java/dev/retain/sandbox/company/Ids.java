package dev.retain.sandbox.company;

/** Id formats of the vendors: Salesforce's 18-character case-safe ids and increasing numbers. */
final class Ids {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String CHECKSUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  /** Account {@code 001}, Contact {@code 003}, the custom object Subscription__c {@code a0B}. */
  static final String ACCOUNT = "001";

  static final String CONTACT = "003";
  static final String SUBSCRIPTION = "a0B";

  private Ids() {}

  /**
   * An 18-character Salesforce id: key prefix, pod {@code 5g}, a reserved {@code 0}, nine base-62
   * digits of {@code number}, and the three-character case-safe suffix Salesforce computes.
   */
  static String salesforce(String prefix, long number) {
    char[] digits = new char[9];
    long n = number;
    for (int i = 8; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (n % 62));
      n /= 62;
    }
    return caseSafe(prefix + "5g0" + new String(digits));
  }

  /** Appends Salesforce's case-safe suffix to a 15-character id. */
  static String caseSafe(String id15) {
    StringBuilder id = new StringBuilder(id15);
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int i = 0; i < 5; i++) {
        char c = id15.charAt(chunk * 5 + i);
        if (c >= 'A' && c <= 'Z') {
          bits |= 1 << i;
        }
      }
      id.append(CHECKSUM.charAt(bits));
    }
    return id.toString();
  }

  /** Increasing numbers with small random gaps, as a vendor that hands out ids in order does. */
  static final class Sequence {
    private final Rng rng;
    private final int maxGap;
    private long next;

    Sequence(Rng rng, long start, int maxGap) {
      this.rng = rng;
      this.next = start;
      this.maxGap = maxGap;
    }

    long next() {
      long id = next;
      next += 1 + rng.nextInt(maxGap);
      return id;
    }
  }
}

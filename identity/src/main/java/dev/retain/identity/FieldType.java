package dev.retain.identity;

import dev.retain.identity.normalise.FreeMail;
import dev.retain.identity.normalise.Normalise;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * How a field is normalised and compared. Each type compares two normalised values into a level: 0
 * is the weakest (disagreement), the last is exact agreement; -1 means one side is missing and the
 * field says nothing about the pair.
 */
public enum FieldType {
  /** A person's name: exact, Jaro-Winkler >= 0.92, Jaro-Winkler >= 0.8 or same tokens, else. */
  NAME(List.of("else", "jw>=0.80|tokens", "jw>=0.92", "exact")),
  /** A company name without legal form: exact, Jaro-Winkler >= 0.94, token Jaccard >= 0.5, else. */
  COMPANY(List.of("else", "jaccard>=0.5", "jw>=0.94", "exact")),
  /** Free text such as a street: exact, Jaro-Winkler >= 0.88 or token Jaccard >= 0.5, else. */
  TEXT(List.of("else", "jw>=0.88|jaccard>=0.5", "exact")),
  /** A city or suburb: exact, Jaro-Winkler >= 0.88, else. */
  CITY(List.of("else", "jw>=0.88", "exact")),
  /** A postcode: exact, one edit or same first three characters, else. */
  POSTCODE(List.of("else", "edit<=1|prefix3", "exact")),
  /** A date (yyyymmdd): exact, one digit off or day and month swapped, else. */
  DATE(List.of("else", "edit<=1|swapped", "exact")),
  /** An identifier such as a social security number: exact, one edit, else. */
  ID(List.of("else", "edit<=1", "exact")),
  /** Exact or not (a state, a street number). */
  EXACT(List.of("else", "exact")),
  /** An email address: exact, same local part, else. */
  EMAIL(List.of("else", "local part", "exact")),
  /** A phone number: exact (E.164), same last seven digits, else. */
  PHONE(List.of("else", "last 7 digits", "exact")),
  /** A website or domain (registrable domain): exact or not. */
  DOMAIN(List.of("else", "exact"));

  private static final JaroWinklerSimilarity JW = new JaroWinklerSimilarity();
  private static final LevenshteinDistance LEV1 = new LevenshteinDistance(1);

  private final List<String> levels;

  FieldType(List<String> levels) {
    this.levels = levels;
  }

  /** Level names, weakest first. */
  public List<String> levels() {
    return levels;
  }

  public static FieldType parse(String name) {
    return valueOf(name.strip().toUpperCase(Locale.ROOT));
  }

  /** The value as this type compares it; null when nothing usable is left. */
  public String normalise(String raw, String phoneRegion) {
    return switch (this) {
      case NAME, TEXT, CITY -> Normalise.text(raw);
      case COMPANY -> Normalise.companyName(raw);
      case POSTCODE -> Normalise.postcode(raw);
      case DATE -> Normalise.date(raw);
      case ID -> Normalise.id(raw);
      case EXACT -> Normalise.id(raw) == null ? null : Normalise.id(raw).toLowerCase(Locale.ROOT);
      case EMAIL -> Normalise.email(raw);
      case PHONE -> Normalise.phone(raw, phoneRegion);
      case DOMAIN -> Normalise.domain(raw);
    };
  }

  /** The comparison level of two normalised values. */
  public int compare(String a, String b) {
    if (a == null || b == null) {
      return -1;
    }
    if (this == DOMAIN && (FreeMail.isFreeMail(a) || FreeMail.isFreeMail(b))) {
      return -1; // a free-mail domain says nothing about a company
    }
    int top = levels.size() - 1;
    if (a.equals(b)) {
      return top;
    }
    return switch (this) {
      case NAME -> {
        double jw = JW.apply(a, b);
        yield jw >= 0.92 ? 2 : jw >= 0.80 || sameTokens(a, b) ? 1 : 0;
      }
      case COMPANY -> {
        double jw = JW.apply(a, b);
        yield jw >= 0.94 ? 2 : jaccard(a, b) >= 0.5 ? 1 : 0;
      }
      case TEXT -> JW.apply(a, b) >= 0.88 || jaccard(a, b) >= 0.5 ? 1 : 0;
      case CITY -> JW.apply(a, b) >= 0.88 ? 1 : 0;
      case POSTCODE ->
          LEV1.apply(a, b) >= 0
                  || (a.length() >= 3 && b.length() >= 3 && a.regionMatches(0, b, 0, 3))
              ? 1
              : 0;
      case DATE -> LEV1.apply(a, b) >= 0 || swappedDayMonth(a, b) ? 1 : 0;
      case ID -> LEV1.apply(a, b) >= 0 ? 1 : 0;
      case EMAIL -> Normalise.localPart(a).equals(Normalise.localPart(b)) ? 1 : 0;
      case PHONE -> lastDigits(a, 7).equals(lastDigits(b, 7)) ? 1 : 0;
      case EXACT, DOMAIN -> 0;
    };
  }

  static double jaccard(String a, String b) {
    String[] ta = a.split(" ");
    String[] tb = b.split(" ");
    int common = 0;
    for (String x : ta) {
      for (String y : tb) {
        if (x.equals(y)) {
          common++;
          break;
        }
      }
    }
    int union = ta.length + tb.length - common;
    return union == 0 ? 0 : (double) common / union;
  }

  private static boolean sameTokens(String a, String b) {
    String[] ta = a.split(" ");
    String[] tb = b.split(" ");
    if (ta.length != tb.length || ta.length < 2) {
      return false;
    }
    java.util.Arrays.sort(ta);
    java.util.Arrays.sort(tb);
    return java.util.Arrays.equals(ta, tb);
  }

  private static boolean swappedDayMonth(String a, String b) {
    return a.length() == 8
        && b.length() == 8
        && a.regionMatches(0, b, 0, 4)
        && a.regionMatches(4, b, 6, 2)
        && a.regionMatches(6, b, 4, 2);
  }

  private static String lastDigits(String s, int n) {
    return s.length() <= n ? s : s.substring(s.length() - n);
  }
}

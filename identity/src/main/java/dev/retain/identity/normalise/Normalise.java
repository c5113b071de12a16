package dev.retain.identity.normalise;

import com.google.common.net.InternetDomainName;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalisation of identifiers and names. Every function is pure and returns null when nothing
 * usable is left, so that a missing value never agrees with another missing value.
 */
public final class Normalise {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** Legal-form tokens in common languages, removed from company names. */
  static final Set<String> LEGAL_FORMS =
      Set.of(
          "inc",
          "incorporated",
          "corp",
          "corporation",
          "co",
          "company",
          "llc",
          "llp",
          "lp",
          "ltd",
          "limited",
          "plc",
          "gmbh",
          "mbh",
          "ag",
          "kg",
          "ohg",
          "ug",
          "ev",
          "se",
          "sa",
          "sas",
          "sasu",
          "sarl",
          "eurl",
          "srl",
          "spa",
          "sapa",
          "snc",
          "bv",
          "nv",
          "vof",
          "oy",
          "oyj",
          "ab",
          "as",
          "asa",
          "aps",
          "kk",
          "pty",
          "pte",
          "sl",
          "slu",
          "lda",
          "kft",
          "zrt",
          "nyrt",
          "sro",
          "spzoo",
          "zoo",
          "doo",
          "ooo",
          "pvt",
          "bhd",
          "sdn",
          "holding",
          "holdings",
          "group",
          "the",
          "and");

  /** Local parts of role and shared mailboxes: they identify no person. */
  static final Set<String> ROLE_MAILBOXES =
      Set.of(
          "info",
          "support",
          "help",
          "helpdesk",
          "admin",
          "administrator",
          "billing",
          "accounts",
          "accounting",
          "finance",
          "invoice",
          "invoices",
          "sales",
          "contact",
          "hello",
          "office",
          "team",
          "noreply",
          "no-reply",
          "donotreply",
          "it",
          "hr",
          "jobs",
          "careers",
          "marketing",
          "service",
          "services",
          "customerservice",
          "webmaster",
          "postmaster",
          "enquiries",
          "inquiries",
          "mail",
          "ops",
          "operations",
          "payables",
          "ap",
          "ar",
          "root");

  private Normalise() {}

  /** Lower case, accents removed, anything but letters and digits turned into single spaces. */
  public static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String s = MARKS.matcher(Normalizer.normalize(raw, Normalizer.Form.NFD)).replaceAll("");
    s = NON_ALNUM.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    return s.isEmpty() ? null : s;
  }

  /** A person's name: {@code Zoë O'Brien-Smith } becomes {@code zoe o brien smith}. */
  public static String personName(String raw) {
    return text(raw);
  }

  /**
   * A company name without its legal form, punctuation and accents: {@code Müller & Söhne GmbH},
   * {@code ACME, Inc.} and {@code Acme S.A.} become {@code muller sohne} and {@code acme}.
   */
  public static String companyName(String raw) {
    if (raw == null) {
      return null;
    }
    // dots inside abbreviations vanish first, so that S.A. and B.V. become single tokens
    String s = text(raw.replace(".", "").replace("&", " and "));
    if (s == null) {
      return null;
    }
    String[] tokens = s.split(" ");
    List<String> kept = new ArrayList<>(tokens.length);
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      // sp. z o.o. (Polish), its dots already gone
      if (t.equals("sp") && i + 1 < tokens.length && tokens[i + 1].equals("z")) {
        i++;
        while (i + 1 < tokens.length && (tokens[i + 1].equals("o") || tokens[i + 1].equals("oo"))) {
          i++;
        }
        continue;
      }
      if (!LEGAL_FORMS.contains(t)) {
        kept.add(t);
      }
    }
    if (kept.isEmpty()) {
      return s; // the name is only a legal form: keep it rather than lose it
    }
    return String.join(" ", kept);
  }

  /**
   * An email address, lower-cased, its {@code +tag} dropped and its domain normalised; dots in a
   * Gmail local part are dropped too. Null for anything that is not an address.
   */
  public static String email(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    int at = s.lastIndexOf('@');
    if (at < 1 || at == s.length() - 1) {
      return null;
    }
    String local = s.substring(0, at);
    int plus = local.indexOf('+');
    if (plus > 0) {
      local = local.substring(0, plus);
    }
    String domain = host(s.substring(at + 1));
    if (domain == null) {
      return null;
    }
    if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
      local = local.replace(".", "");
      domain = "gmail.com";
    }
    return local + "@" + domain;
  }

  /** The local part of a normalised address. */
  public static String localPart(String normalisedEmail) {
    return normalisedEmail == null
        ? null
        : normalisedEmail.substring(0, normalisedEmail.indexOf('@'));
  }

  /** Whether an address is a role or shared mailbox ({@code info@}, {@code billing@}, ...). */
  public static boolean isRoleMailbox(String normalisedEmail) {
    String local = localPart(normalisedEmail);
    return local != null && ROLE_MAILBOXES.contains(local);
  }

  /**
   * The registrable domain of an address: {@code jo@mail.acme.co.uk} gives {@code acme.co.uk},
   * through the public suffix list.
   */
  public static String emailDomain(String raw) {
    String e = email(raw);
    return e == null ? null : domain(e.substring(e.indexOf('@') + 1));
  }

  /**
   * A website or domain reduced to its registrable domain with the public suffix list: {@code
   * https://www.shop.Acme.co.uk/about} becomes {@code acme.co.uk}. Null when nothing domain-like is
   * left.
   */
  public static String domain(String raw) {
    String host = host(raw);
    if (host == null) {
      return null;
    }
    try {
      InternetDomainName name = InternetDomainName.from(host);
      if (name.isUnderPublicSuffix()) {
        return name.topPrivateDomain().toString();
      }
      return host;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return host;
    }
  }

  /** The host of a website, lower-cased, without scheme, path, port, user and {@code www.}. */
  public static String host(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        s = s.substring(0, i);
        break;
      }
    }
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      s = s.substring(at + 1);
    }
    int colon = s.indexOf(':');
    if (colon >= 0) {
      s = s.substring(0, colon);
    }
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.startsWith("www.")) {
      s = s.substring(4);
    }
    return s.indexOf('.') > 0 && !s.contains(" ") ? s : null;
  }

  /**
   * A phone number in E.164 ({@code +14155550123}) through libphonenumber, reading numbers without
   * a country code as numbers of {@code defaultRegion}; the bare digits when libphonenumber cannot
   * parse it but there are at least seven; null otherwise.
   */
  public static String phone(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      PhoneNumber number = PHONES.parse(raw, defaultRegion);
      if (PHONES.isPossibleNumber(number)) {
        return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
      }
    } catch (NumberParseException e) {
      // fall through to the digits
    }
    String digits = raw.replaceAll("[^0-9]", "");
    return digits.length() >= 7 ? digits : null;
  }

  /** A postcode, upper-cased, without spaces and dashes. */
  public static String postcode(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    return s.isEmpty() ? null : s;
  }

  private static final List<DateTimeFormatter> DATES =
      List.of(
          DateTimeFormatter.BASIC_ISO_DATE,
          DateTimeFormatter.ISO_LOCAL_DATE,
          DateTimeFormatter.ofPattern("d/M/uuuu"),
          DateTimeFormatter.ofPattern("d.M.uuuu"));

  /**
   * A date as {@code yyyymmdd}: ISO, basic ISO, {@code d/m/yyyy} and {@code d.m.yyyy} are read;
   * other eight-digit strings are kept as digits (a typo in a date is still comparable).
   */
  public static String date(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    for (DateTimeFormatter f : DATES) {
      try {
        return LocalDate.parse(s, f).format(DateTimeFormatter.BASIC_ISO_DATE);
      } catch (DateTimeParseException e) {
        // next format
      }
    }
    String digits = s.replaceAll("[^0-9]", "");
    return digits.length() == 8 ? digits : null;
  }

  /** An identifier: trimmed, never empty. */
  public static String id(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    return s.isEmpty() ? null : s;
  }
}

package dev.retain.routes.unify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Normalisation of emails and domains for deterministic matching. */
final class Identifiers {
  private static final Set<String> FREE_MAIL = loadFreeMail();

  private Identifiers() {}

  /**
   * Lower-cases an address and drops a {@code +tag} from its local part: {@code
   * Jane.Doe+billing@ACME.com} becomes {@code jane.doe@acme.com}. Returns null for anything that is
   * not an address.
   */
  static String email(String raw) {
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
    String domain = domain(s.substring(at + 1));
    return domain == null ? null : local + "@" + domain;
  }

  /** The domain of an address, normalised; null when there is none. */
  static String emailDomain(String raw) {
    String e = email(raw);
    return e == null ? null : e.substring(e.indexOf('@') + 1);
  }

  /**
   * Normalises a website or domain: {@code https://www.Acme.com/about} becomes {@code acme.com}.
   * Returns null when nothing domain-like is left.
   */
  static String domain(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int cut = indexOfAny(s, "/?#");
    if (cut >= 0) {
      s = s.substring(0, cut);
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

  /** Whether a domain belongs to a free-mail or ISP provider, and so identifies no company. */
  static boolean isFreeMail(String domain) {
    return domain != null && FREE_MAIL.contains(domain);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static Set<String> loadFreeMail() {
    Set<String> domains = new HashSet<>();
    try (var in = Identifiers.class.getResourceAsStream("/identity/free-mail-domains.txt")) {
      if (in == null) {
        throw new IllegalStateException("identity/free-mail-domains.txt is missing");
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String d = line.strip();
        if (!d.isEmpty() && !d.startsWith("#")) {
          domains.add(d.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(domains);
  }
}

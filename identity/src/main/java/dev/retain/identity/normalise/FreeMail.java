package dev.retain.identity.normalise;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Free-mail and ISP domains: a domain on this list identifies no company, so it never links two
 * records. The list is a resource ({@code dev/retain/identity/free-mail-domains.txt}), kept by hand
 * from the providers' own lists; each entry is a registrable domain.
 */
public final class FreeMail {
  private static final Set<String> DOMAINS = load();

  private FreeMail() {}

  /** Whether a normalised (registrable) domain belongs to a free-mail or ISP provider. */
  public static boolean isFreeMail(String domain) {
    return domain != null && DOMAINS.contains(domain);
  }

  /** How many domains the list holds. */
  public static int size() {
    return DOMAINS.size();
  }

  private static Set<String> load() {
    Set<String> domains = new HashSet<>();
    try (var in =
        FreeMail.class.getResourceAsStream("/dev/retain/identity/free-mail-domains.txt")) {
      if (in == null) {
        throw new IllegalStateException("dev/retain/identity/free-mail-domains.txt is missing");
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

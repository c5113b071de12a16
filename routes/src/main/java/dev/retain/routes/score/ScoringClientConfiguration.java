package dev.retain.routes.score;

import dev.retain.routes.scoring.client.ApiClient;
import dev.retain.routes.scoring.client.api.ModelsApi;
import dev.retain.routes.scoring.client.api.ScorecardsApi;
import dev.retain.routes.scoring.client.api.ScoringApi;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The generated scoring-service client, pointed at {@code retain.scoring.url}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScoringSettings.class)
class ScoringClientConfiguration {

  @Bean
  ScoringApi scoringApi(ScoringSettings settings) {
    return new ScoringApi(apiClient(settings));
  }

  private static ApiClient apiClient(ScoringSettings settings) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(settings.url().toString().replaceAll("/$", ""));
    client.setReadTimeout(settings.timeout());
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      client.setRequestInterceptor(b -> b.header("X-API-Key", settings.apiKey()));
    }
    return client;
  }

  @Bean
  ScorecardsApi scorecardsApi(ScoringSettings settings) {
    return new ScorecardsApi(apiClient(settings));
  }

  /** Training jobs and model activation (train-model); the upload itself is in ModelTraining. */
  @Bean
  ModelsApi modelsApi(ScoringSettings settings) {
    return new ModelsApi(apiClient(settings));
  }
}

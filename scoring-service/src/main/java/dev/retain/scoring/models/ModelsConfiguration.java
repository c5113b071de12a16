package dev.retain.scoring.models;

import dev.retain.scoring.model.ModelRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The training job runner, and the churn-model core's registry when {@code retain.models.dir} names
 * its directory; without it the model endpoints answer 501.
 */
@Configuration(proxyBeanMethods = false)
class ModelsConfiguration {

  static final String MODELS_DIR = "retain.models.dir";

  @Bean(destroyMethod = "close")
  TrainingJobs trainingJobs() {
    return new TrainingJobs(Clock.systemUTC());
  }

  @Bean
  @ConditionalOnProperty(MODELS_DIR)
  ChurnModels churnModels(@Value("${" + MODELS_DIR + "}") Path dir) {
    return new RegistryChurnModels(new ModelRegistry(dir));
  }
}

package dev.retain.routes.sources;

import dev.retain.connectors.delighted.DelightedConnector;
import dev.retain.connectors.delighted.DelightedSettings;
import dev.retain.connectors.files.ProductUsageConnector;
import dev.retain.connectors.files.ProductUsageSettings;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.salesforce.SalesforceConnector;
import dev.retain.connectors.salesforce.SalesforceSettings;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.zendesk.ZendeskConnector;
import dev.retain.connectors.zendesk.ZendeskSettings;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds a connector for every enabled source; at least one must be enabled. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SourcesSettings.class)
class SourcesConfiguration {

  @Bean
  SourceRegistry sourceRegistry(SourcesSettings settings) {
    List<SourceConnector> connectors = new ArrayList<>();
    SourcesSettings.Salesforce sf = settings.salesforce();
    if (sf.enabled()) {
      connectors.add(
          new SalesforceConnector(
              SalesforceSettings.of(sf.loginUrl(), sf.clientId(), sf.clientSecret())
                  .withBatchSize(sf.batchSize())
                  .withLookback(sf.lookback())));
    }
    SourcesSettings.Zendesk zd = settings.zendesk();
    if (zd.enabled()) {
      connectors.add(
          new ZendeskConnector(
              ZendeskSettings.apiToken(zd.baseUrl(), zd.email(), zd.apiToken())
                  .withPageSize(zd.pageSize())
                  .withAccountIdField(zd.accountIdField())));
    }
    SourcesSettings.Delighted dl = settings.delighted();
    if (dl.enabled()) {
      connectors.add(
          new DelightedConnector(
              new DelightedSettings(
                  dl.baseUrl(),
                  dl.apiKey(),
                  dl.perPage(),
                  dl.accountIdProperty(),
                  HttpSettings.DEFAULT)));
    }
    SourcesSettings.UsageFiles usage = settings.usageFiles();
    if (usage.enabled()) {
      connectors.add(new ProductUsageConnector(new ProductUsageSettings(usage.directory())));
    }
    if (connectors.isEmpty()) {
      throw new IllegalStateException(
          "no source is enabled: set retain.sources.<source>.enabled=true for at least one of"
              + " salesforce, zendesk, delighted, usage-files");
    }
    return new SourceRegistry(connectors);
  }
}

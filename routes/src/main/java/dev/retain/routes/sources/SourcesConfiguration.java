package dev.retain.routes.sources;

import dev.retain.connectors.delighted.DelightedConnector;
import dev.retain.connectors.delighted.DelightedSettings;
import dev.retain.connectors.files.FileDropConnector;
import dev.retain.connectors.files.FileDropSettings;
import dev.retain.connectors.files.ProductUsageConnector;
import dev.retain.connectors.files.ProductUsageSettings;
import dev.retain.connectors.freshdesk.FreshdeskConnector;
import dev.retain.connectors.freshdesk.FreshdeskSettings;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.hubspot.HubSpotConnector;
import dev.retain.connectors.hubspot.HubSpotSettings;
import dev.retain.connectors.jdbc.JdbcQuerySettings;
import dev.retain.connectors.jdbc.JdbcQuerySource;
import dev.retain.connectors.jsm.JsmConnector;
import dev.retain.connectors.jsm.JsmSettings;
import dev.retain.connectors.mixpanel.MixpanelConnector;
import dev.retain.connectors.mixpanel.MixpanelSettings;
import dev.retain.connectors.qualtrics.QualtricsConnector;
import dev.retain.connectors.qualtrics.QualtricsSettings;
import dev.retain.connectors.salesforce.SalesforceConnector;
import dev.retain.connectors.salesforce.SalesforceFieldMapping;
import dev.retain.connectors.salesforce.SalesforceJwt;
import dev.retain.connectors.salesforce.SalesforceSettings;
import dev.retain.connectors.segment.SegmentIngestServer;
import dev.retain.connectors.segment.SegmentSettings;
import dev.retain.connectors.servicenow.ServiceNowConnector;
import dev.retain.connectors.servicenow.ServiceNowSettings;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.zendesk.ZendeskConnector;
import dev.retain.connectors.zendesk.ZendeskSettings;
import dev.retain.model.Entity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds a connector for every enabled source; at least one must be enabled. The registry is closed
 * with the context, which stops the Segment endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SourcesSettings.class)
class SourcesConfiguration {
  private static final String P = "retain.sources.";

  @Bean
  SourceRegistry sourceRegistry(SourcesSettings settings, ObjectProvider<Clock> clock) {
    List<SourceConnector> connectors = new ArrayList<>();
    try {
      addAll(settings, clock.getIfAvailable(Clock::systemUTC), connectors);
      if (connectors.isEmpty()) {
        throw new IllegalStateException(
            "no source is enabled: set retain.sources.<source>.enabled=true for at least one of"
                + " salesforce, hubspot, zendesk, jsm, freshdesk, servicenow, delighted,"
                + " qualtrics, mixpanel, segment, file-drop, jdbc, usage-files");
      }
      return new SourceRegistry(connectors);
    } catch (RuntimeException e) {
      SourceRegistry.closeAll(connectors);
      throw e;
    }
  }

  private static void addAll(SourcesSettings s, Clock clock, List<SourceConnector> out) {
    if (s.salesforce().enabled()) {
      out.add(new SalesforceConnector(salesforce(s.salesforce())));
    }
    if (s.hubspot().enabled()) {
      out.add(new HubSpotConnector(hubspot(s.hubspot())));
    }
    if (s.zendesk().enabled()) {
      out.add(new ZendeskConnector(zendesk(s.zendesk())));
    }
    if (s.jsm().enabled()) {
      out.add(new JsmConnector(jsm(s.jsm())));
    }
    if (s.freshdesk().enabled()) {
      out.add(new FreshdeskConnector(freshdesk(s.freshdesk())));
    }
    if (s.servicenow().enabled()) {
      out.add(new ServiceNowConnector(servicenow(s.servicenow())));
    }
    SourcesSettings.Delighted dl = s.delighted();
    if (dl.enabled()) {
      out.add(
          new DelightedConnector(
              Required.build(
                  "delighted",
                  P + "delighted",
                  () ->
                      new DelightedSettings(
                          dl.baseUrl(),
                          dl.apiKey(),
                          dl.perPage(),
                          dl.accountIdProperty(),
                          HttpSettings.DEFAULT))));
    }
    if (s.qualtrics().enabled()) {
      out.add(new QualtricsConnector(qualtrics(s.qualtrics())));
    }
    if (s.mixpanel().enabled()) {
      out.add(new MixpanelConnector(mixpanel(s.mixpanel())));
    }
    if (s.segment().enabled()) {
      out.add(segment(s.segment(), clock));
    }
    if (s.fileDrop().enabled()) {
      out.add(fileDrop(s.fileDrop()));
    }
    if (s.jdbc().enabled()) {
      out.addAll(jdbc(s.jdbc()));
    }
    if (s.usageFiles().enabled()) {
      out.add(new ProductUsageConnector(new ProductUsageSettings(s.usageFiles().directory())));
    }
  }

  static SalesforceSettings salesforce(SourcesSettings.Salesforce sf) {
    return Required.build(
        "salesforce",
        P + "salesforce",
        () -> {
          SourcesSettings.SalesforceFields f = sf.fields();
          SalesforceFieldMapping fields =
              new SalesforceFieldMapping(
                  Required.orNull(f.accountArr()),
                  Required.orNull(f.accountPlan()),
                  Required.orNull(f.accountSeats()),
                  Required.orNull(f.accountRenewalDate()),
                  Required.orNull(f.accountExternalId()),
                  Required.orNull(f.accountCurrency()),
                  Required.orNull(f.subscriptionObject()),
                  Required.orNull(f.subscriptionAccount()),
                  Required.orNull(f.subscriptionStatus()),
                  Required.orNull(f.subscriptionStart()),
                  Required.orNull(f.subscriptionLastRenewed()),
                  Required.orNull(f.subscriptionChurnedOn()),
                  Required.orNull(f.subscriptionRenewalDate()),
                  Required.orNull(f.subscriptionArr()),
                  Required.orNull(f.subscriptionPaymentFailed()));
          SourcesSettings.SalesforceJwt jwt = sf.jwt();
          return new SalesforceSettings(
              sf.loginUrl(),
              sf.clientId(),
              jwt.used() ? null : sf.clientSecret(),
              sf.apiVersion(),
              sf.batchSize(),
              fields,
              sf.includeDeleted(),
              sf.lookback(),
              HttpSettings.DEFAULT,
              jwt.used()
                  ? new SalesforceJwt(
                      jwt.username(), jwt.privateKeyFile(), jwt.audience(), jwt.lifetime())
                  : null);
        });
  }

  static HubSpotSettings hubspot(SourcesSettings.HubSpot h) {
    return Required.build(
        "hubspot",
        P + "hubspot",
        () ->
            HubSpotSettings.of(h.baseUrl(), h.accessToken())
                .withPaging(h.pageSize(), h.searchCap())
                .withAccountIdProperty(h.accountIdProperty())
                .withDeals(h.wonStages(), h.arrProperty(), Required.orNull(h.renewalDateProperty()))
                .withLookback(h.lookback()));
  }

  static ZendeskSettings zendesk(SourcesSettings.Zendesk z) {
    return Required.build(
        "zendesk",
        P + "zendesk",
        () -> {
          ZendeskSettings base =
              Required.isBlank(z.oauthToken())
                  ? ZendeskSettings.apiToken(z.baseUrl(), z.email(), z.apiToken())
                  : ZendeskSettings.oauth(z.baseUrl(), z.oauthToken());
          return base.withPageSize(z.pageSize())
              .withAccountIdField(z.accountIdField())
              .withStartTime(z.startTime() == null ? Instant.EPOCH : z.startTime());
        });
  }

  static JsmSettings jsm(SourcesSettings.Jsm j) {
    return Required.build(
        "jsm",
        P + "jsm",
        () ->
            new JsmSettings(
                j.baseUrl(),
                j.email(),
                j.apiToken(),
                j.jql(),
                j.pageSize(),
                j.organizationField(),
                j.customerField(),
                j.statusNames() == null || j.statusNames().isEmpty()
                    ? JsmSettings.DEFAULT_STATUS_NAMES
                    : j.statusNames(),
                j.userTimeZone(),
                j.lookback(),
                HttpSettings.DEFAULT));
  }

  static FreshdeskSettings freshdesk(SourcesSettings.Freshdesk f) {
    return Required.build(
        "freshdesk",
        P + "freshdesk",
        () ->
            FreshdeskSettings.of(f.baseUrl(), f.apiKey())
                .withPaging(f.perPage(), f.maxPagesPerQuery())
                .withAccountIdField(f.accountIdField())
                .withLookback(f.lookback()));
  }

  static ServiceNowSettings servicenow(SourcesSettings.ServiceNow sn) {
    return Required.build(
        "servicenow",
        P + "servicenow",
        () -> {
          boolean bearer = !Required.isBlank(sn.bearerToken());
          return new ServiceNowSettings(
              sn.baseUrl(),
              bearer ? null : sn.username(),
              bearer ? null : sn.password(),
              bearer ? sn.bearerToken() : null,
              sn.table(),
              sn.accountField(),
              sn.requesterField(),
              sn.states() == null || sn.states().isEmpty()
                  ? ServiceNowSettings.INCIDENT_STATES
                  : sn.states(),
              sn.pageSize(),
              sn.readDeletes(),
              sn.lookback(),
              HttpSettings.DEFAULT);
        });
  }

  static QualtricsSettings qualtrics(SourcesSettings.Qualtrics q) {
    return Required.build(
        "qualtrics",
        P + "qualtrics",
        () ->
            new QualtricsSettings(
                q.baseUrl(),
                q.apiToken(),
                q.surveyId(),
                q.npsQuestionId(),
                Required.orNull(q.commentQuestionId()),
                Required.orNull(q.accountIdField()),
                q.pageSize(),
                q.pollInterval(),
                q.maxPolls(),
                HttpSettings.DEFAULT));
  }

  static MixpanelSettings mixpanel(SourcesSettings.Mixpanel m) {
    return Required.build(
        "mixpanel",
        P + "mixpanel",
        () ->
            new MixpanelSettings(
                m.baseUrl(),
                m.projectId().strip(),
                m.serviceAccountUser(),
                m.serviceAccountSecret(),
                m.accountProperty(),
                m.loginEvents(),
                m.coreEvents(),
                m.secondaryEvents(),
                m.startDate(),
                m.lagDays(),
                HttpSettings.DEFAULT));
  }

  static SegmentIngestServer segment(SourcesSettings.Segment sg, Clock clock) {
    SegmentSettings settings =
        Required.build(
            "segment",
            P + "segment",
            () ->
                new SegmentSettings(
                    sg.writeKey(),
                    sg.system(),
                    sg.accountProperty(),
                    sg.loginEvents(),
                    sg.coreEvents(),
                    sg.secondaryEvents(),
                    sg.queueCapacity(),
                    sg.pageSize()));
    try {
      return new SegmentIngestServer(
          settings, new InetSocketAddress(sg.bindAddress(), sg.port()), clock);
    } catch (IOException e) {
      throw new IllegalStateException(
          P
              + "segment.port: cannot listen on "
              + sg.bindAddress()
              + ":"
              + sg.port()
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  static SourceConnector fileDrop(SourcesSettings.FileDrop fd) {
    FileDropSettings settings =
        Required.build(
            "files",
            P + "file-drop",
            () -> {
              Map<Entity, Map<String, String>> columns = new EnumMap<>(Entity.class);
              fd.columns().forEach((entity, mapping) -> columns.put(entity, canonical(mapping)));
              return new FileDropSettings(fd.directory(), fd.system(), fd.pageSize(), columns);
            });
    FileDropConnector connector = new FileDropConnector(settings);
    if (fd.entities().isEmpty()) {
      return connector;
    }
    Set<String> names =
        fd.entities().stream()
            .map(e -> "files." + FileDropConnector.PREFIXES.get(e))
            .collect(Collectors.toSet());
    return new SelectedStreams(connector, names);
  }

  static List<SourceConnector> jdbc(SourcesSettings.Jdbc j) {
    List<SourceConnector> sources = new ArrayList<>();
    j.queries()
        .forEach(
            (name, q) ->
                sources.add(
                    new JdbcQuerySource(
                        Required.build(
                            "jdbc",
                            P + "jdbc.queries." + name,
                            () ->
                                new JdbcQuerySettings(
                                    name,
                                    j.url(),
                                    j.user(),
                                    j.password(),
                                    j.system(),
                                    q.sql(),
                                    q.incrementalColumn(),
                                    q.idColumn(),
                                    q.entity(),
                                    canonical(q.columns()),
                                    j.fetchSize(),
                                    j.pageSize())))));
    return sources;
  }

  /**
   * Column mappings keyed by canonical name; {@code account-id} is accepted for {@code account_id},
   * because a property key keeps an underscore only in brackets ({@code columns[account_id]}).
   */
  private static Map<String, String> canonical(Map<String, String> mapping) {
    Map<String, String> out = new HashMap<>();
    mapping.forEach((k, v) -> out.put(k.replace('-', '_'), v));
    return out;
  }
}

package dev.retain.routes.sync;

import dev.retain.connectors.spi.ConnectorException;
import dev.retain.routes.ingest.IngestService;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/** Error handling for every kind of route, declared once and referred to by id. */
@Component
class ErrorHandling extends RouteConfigurationBuilder {

  @Override
  public void configuration() {
    // a stream that fails is recorded and skipped; its cursor stays, so the next run retries it
    routeConfiguration("ingest-errors")
        .onException(ConnectorException.class, RuntimeException.class)
        .handled(true)
        .bean(
            IngestService.class,
            "streamFailed(${header.retainStream}, ${header.retainRunId}, ${exception})");

    // the warehouse stages retry transient database errors, then fail the run
    routeConfiguration("stage-errors")
        .onException(TransientDataAccessException.class)
        .maximumRedeliveries("{{retain.sync.stage-retries:3}}")
        .redeliveryDelay(500)
        .backOffMultiplier(2)
        .useExponentialBackOff();

    // a failed stage closes the run as failed and the error goes back to the caller
    routeConfiguration("sync-errors")
        .onException(Exception.class)
        .handled(false)
        .bean(SyncRun.class, "fail");
  }
}

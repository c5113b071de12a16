package dev.retain.routes.sync;

import dev.retain.routes.ingest.IngestService;
import dev.retain.routes.sources.SourceRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The pipeline as Camel routes: one route per stage, one ingest route per source stream (from a
 * route template); error handling is declared once in {@link ErrorHandling} and referred to by id.
 *
 * <pre>
 * timer / direct:sync -> ingest-&lt;stream&gt; (each) -> unify -> features -> publish -> score -> act
 * </pre>
 */
@Component
class SyncRoutes extends RouteBuilder {
  private final SourceRegistry sources;

  SyncRoutes(SourceRegistry sources) {
    this.sources = sources;
  }

  @Override
  public void configure() {
    routeTemplate("ingest-stream")
        .templateParameter("stream")
        .from("direct:ingest-{{stream}}")
        .routeConfigurationId("ingest-errors")
        .setHeader("retainStream", constant("{{stream}}"))
        .setBody(constant(true))
        .loopDoWhile(body().isEqualTo(true))
        .bean(IngestService.class, "ingestPage({{stream}}, ${header.retainRunId})")
        .end();
    for (String stream : sources.streamNames()) {
      templatedRoute("ingest-stream").routeId("ingest-" + stream).parameter("stream", stream);
    }

    from("timer:retain-sync?delay={{retain.sync.initial-delay:10000}}"
            + "&period={{retain.sync.interval:3600000}}")
        .routeId("sync-schedule")
        .autoStartup("{{retain.sync.scheduled:false}}")
        .to("direct:sync");

    from("direct:sync")
        .routeId("sync")
        .routeConfigurationId("sync-errors")
        .setHeader(SyncRun.RUN_ID, method(SyncRun.class, "start"))
        .split(constant(sources.streamNames()))
        .toD("direct:ingest-${body}")
        .end()
        .to("direct:unify", "direct:features", "direct:publish", "direct:score", "direct:act")
        .bean(SyncRun.class, "finish");

    stage("unify");
    stage("features");
    stage("publish");
    stage("score");
    stage("act");
  }

  private void stage(String name) {
    from("direct:" + name)
        .routeId(name)
        .routeConfigurationId("stage-errors")
        .bean(SyncRun.class, name);
  }
}

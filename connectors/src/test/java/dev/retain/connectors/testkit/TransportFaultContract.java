package dev.retain.connectors.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.model.CanonicalRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The transport faults every HTTP source must ride out on its first page: a 429 with a Retry-After
 * under the cap is waited out, one above the cap fails the page at once without a second request,
 * and a 503 or a connection reset is retried once. An acceptance suite implements this by saying in
 * {@link #firstPage()} where its first page is served and how it is read; the tests run once per
 * implementing suite.
 */
public interface TransportFaultContract {
  /** The Retry-After the contract sends when it expects the wait to be honoured. */
  int RETRY_AFTER_SECONDS = 7;

  /** A Retry-After above the cap of every source under test (the default cap is 30 s). */
  int RETRY_AFTER_ABOVE_THE_CAP_SECONDS = 3600;

  /**
   * The first page of the stream under test.
   *
   * @param server the suite's WireMock server
   * @param waits the waits the transport's recording sleeper was asked for so far
   * @param request a fresh matcher for the request of the first page
   * @param answer the answer that serves the first page
   * @param read reads the first page from the initial state
   * @param records the records of the page {@code answer} serves
   * @param hasMore whether the page {@code answer} serves says there is more
   */
  record FirstPage(
      WireMockExtension server,
      Supplier<List<Duration>> waits,
      Supplier<MappingBuilder> request,
      ResponseDefinitionBuilder answer,
      Supplier<Page> read,
      List<? extends CanonicalRecord> records,
      boolean hasMore) {

    /** Stubs the first page to answer {@code fault} once and then to be served. */
    void failOnceThenServe(ResponseDefinitionBuilder fault) {
      server.stubFor(
          request
              .get()
              .inScenario("fault")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(fault)
              .willSetStateTo("recovered"));
      server.stubFor(
          request.get().inScenario("fault").whenScenarioStateIs("recovered").willReturn(answer));
    }

    /** Stubs the first page to answer {@code fault} every time. */
    void alwaysFail(ResponseDefinitionBuilder fault) {
      server.stubFor(request.get().willReturn(fault));
    }
  }

  /** Where the suite's first page is served and how it is read. */
  FirstPage firstPage();

  @Test
  default void a429WithRetryAfterIsHonoured() {
    FirstPage first = firstPage();
    first.failOnceThenServe(
        aResponse().withStatus(429).withHeader("Retry-After", "" + RETRY_AFTER_SECONDS));

    assertThat(first.read().get().records()).containsExactlyElementsOf(first.records());
    assertThat(first.waits().get()).containsExactly(Duration.ofSeconds(RETRY_AFTER_SECONDS));
  }

  @Test
  default void aRetryAfterAboveTheCapFailsThePageWithoutWaiting() {
    FirstPage first = firstPage();
    first.alwaysFail(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "" + RETRY_AFTER_ABOVE_THE_CAP_SECONDS));

    assertThatThrownBy(() -> first.read().get())
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.RATE_LIMITED))
        .hasMessageContaining("Retry-After " + RETRY_AFTER_ABOVE_THE_CAP_SECONDS + " s");
    assertThat(first.waits().get()).isEmpty();
    assertThat(first.server().getAllServeEvents())
        .filteredOn(e -> e.getResponse().getStatus() == 429)
        .hasSize(1);
  }

  @Test
  default void a503IsRetried() {
    FirstPage first = firstPage();
    first.failOnceThenServe(aResponse().withStatus(503));

    assertRetriedOnceAndServed(first);
  }

  @Test
  default void aConnectionResetIsRetried() {
    FirstPage first = firstPage();
    first.failOnceThenServe(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertRetriedOnceAndServed(first);
  }

  private static void assertRetriedOnceAndServed(FirstPage first) {
    Page page = first.read().get();

    assertThat(page.records()).containsExactlyElementsOf(first.records());
    assertThat(page.hasMore()).isEqualTo(first.hasMore());
    assertThat(first.waits().get()).hasSize(1);
  }
}

package dev.retain.scoring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.scoring.ScoringProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitFilterTest {

  private final ObjectMapper objectMapper = Jackson2ObjectMapperBuilder.json().build();
  private final RequestSizeLimitFilter filter =
      new RequestSizeLimitFilter(
          new ScoringProperties(10_000, DataSize.ofBytes(100), null, null), objectMapper);

  @Test
  void answers413AtOnceWhenTheDeclaredLengthIsTooLarge() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/scores");
    request.setContent(new byte[101]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<HttpServletRequest> passed = new AtomicReference<>();

    filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

    assertThat(passed.get()).isNull();
    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    JsonNode problem = objectMapper.readTree(response.getContentAsByteArray());
    assertThat(problem.get("status").asInt()).isEqualTo(413);
    assertThat(problem.get("instance").asText()).isEqualTo("/v1/scores");
    assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("body");
  }

  @Test
  void passesABodyWithinTheLimit() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/scores");
    request.setContent(new byte[100]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<byte[]> read = new AtomicReference<>();

    filter.doFilter(request, response, (req, res) -> read.set(req.getInputStream().readAllBytes()));

    assertThat(read.get()).hasSize(100);
    assertThat(response.getStatus()).isEqualTo(200);
  }

  @Test
  void countsABodyOfUnknownLengthAndFailsPastTheLimit() throws Exception {
    MockHttpServletRequest chunked =
        new MockHttpServletRequest("POST", "/v1/scores") {
          @Override
          public long getContentLengthLong() {
            return -1;
          }

          @Override
          public int getContentLength() {
            return -1;
          }
        };
    chunked.setContent("x".repeat(150).getBytes(StandardCharsets.UTF_8));
    FilterChain reader = (req, res) -> req.getInputStream().readAllBytes();

    assertThatThrownBy(() -> filter.doFilter(chunked, new MockHttpServletResponse(), reader))
        .isInstanceOf(RequestBodyTooLargeException.class)
        .hasMessageContaining("100 bytes");
  }
}

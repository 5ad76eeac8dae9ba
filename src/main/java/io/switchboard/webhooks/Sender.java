package io.switchboard.webhooks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one webhook request with Apache HttpClient: every connection's addresses come from
 * {@link AddressPolicy#resolve} (refused addresses are never connected to), redirects are not
 * followed (a 3xx is a failed attempt), there are no automatic retries and no proxy, and connect
 * and read are bounded by the timeout. Thread-safe; connections are pooled per target.
 */
final class Sender implements AutoCloseable {
  static final int EXCERPT = 1024;

  /** What came of one attempt: a status (or null if no response), the error, and a Retry-After. */
  record Result(Integer status, String error, String excerpt, long latencyMillis, Duration retryAfter) {
    boolean delivered() {
      return status != null && status >= 200 && status < 300;
    }
  }

  private final CloseableHttpClient client;

  Sender(AddressPolicy policy, Duration timeout) {
    Timeout limit = Timeout.of(timeout);
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            return policy.resolve(host);
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        })
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
        .setMaxConnTotal(256).setMaxConnPerRoute(2)
        .build();
    this.client = HttpClients.custom().setConnectionManager(connections).disableRedirectHandling()
        .disableAutomaticRetries().disableCookieManagement().setUserAgent("Switchboard-Webhooks/1")
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
        .build();
  }

  Result post(URI target, Map<String, String> headers, String body) {
    HttpPost post = new HttpPost(target);
    headers.forEach(post::setHeader);
    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    long start = System.nanoTime();
    try {
      return client.execute(post, response -> {
        String excerpt = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), EXCERPT);
        int status = response.getCode();
        String error = status >= 300 && status < 400 ? "redirect to " + header(response.getFirstHeader("Location"))
            + " (not followed)" : status >= 300 ? "HTTP " + status : null;
        return new Result(status, error, excerpt, millisSince(start), retryAfter(response.getFirstHeader("Retry-After")));
      });
    } catch (IOException e) {
      String error = e instanceof UnknownHostException ? e.getMessage()
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new Result(null, error, null, millisSince(start), null);
    }
  }

  private static String header(Header header) {
    return header == null ? "(no Location)" : header.getValue();
  }

  /** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null if absent or unreadable. */
  static Duration retryAfter(Header header) {
    if (header == null) {
      return null;
    }
    String value = header.getValue().trim();
    if (value.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    Instant date = DateUtils.parseStandardDate(value);
    return date == null ? null : Duration.between(Instant.now(), date).isNegative() ? Duration.ZERO
        : Duration.between(Instant.now(), date);
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}

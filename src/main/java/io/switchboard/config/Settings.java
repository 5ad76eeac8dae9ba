package io.switchboard.config;

import java.nio.file.Path;

/**
 * Every setting the server reads, grouped by what it configures. See the README's configuration
 * table; {@link SettingsLoader} documents where each value comes from. {@link #defaults()} is the
 * built-in configuration; tests build theirs from its groups.
 */
public record Settings(Server server, Db db, Limits limits, Realtime realtime, Webhooks webhooks, Auth auth,
                       Access access, Http http, Rates rates) {

  /** The built-in defaults: port 8080, SQLite under {@code ./data}. */
  public static Settings defaults() {
    Path dataDir = Path.of("data");
    return new Settings(new Server(8080, dataDir),
        new Db("jdbc:sqlite:" + dataDir.resolve("switchboard.db"), "", "", 8, "NORMAL"),
        new Limits(1024 * 1024, 50, 1000, 64, 256 * 1024),
        new Realtime(1024, 15, 65536, 100, 86_400, Runtime.getRuntime().availableProcessors(), 32),
        new Webhooks("", 10, 1000, 3600, 3 * 86_400, 100),
        new Auth("", "switchboard", "switchboard", 600, 30 * 86_400, 12 * 3600, 30, 30, false,
            Runtime.getRuntime().availableProcessors(), new Oidc("", "", "", "RS256", "roles", "sub", 30)),
        new Access(""),
        new Http(""),
        Rates.defaults());
  }

  /**
   * @param port    HTTP port of the embedded launcher
   * @param dataDir directory of the embedded SQLite database
   */
  public record Server(int port, Path dataDir) {}

  /**
   * @param url               JDBC URL; {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...} selects the dialect
   * @param poolSize          maximum pooled connections
   * @param sqliteSynchronous SQLite's {@code synchronous} pragma: NORMAL survives a process crash, FULL also a power loss
   */
  public record Db(String url, String user, String password, int poolSize, String sqliteSynchronous) {}

  /**
   * @param bodyBytes       largest accepted request body
   * @param defaultPageSize list page size when the client gives no {@code limit}
   * @param maxPageSize     largest {@code limit} a client may ask for
   * @param jsonDepth       deepest nesting of arrays and objects in a request body or WebSocket command
   * @param jsonString      longest string (value or field name) in one, in characters
   */
  public record Limits(long bodyBytes, int defaultPageSize, int maxPageSize, int jsonDepth, int jsonString) {}

  /**
   * @param maxQueuedFrames         outbound queue bound per connection; past it the connection is cut off
   * @param heartbeatSeconds        interval of SSE/NDJSON heartbeats and WebSocket pings
   * @param maxMessageBytes         largest WebSocket message a client may send
   * @param maxSubscriptions        subscriptions one connection may hold (WebSocket, or one HTTP stream)
   * @param channelRetentionSeconds how long channel messages stay in the log (resumable)
   * @param lanes                   fan-out threads of the hub (default: one per core)
   * @param maxTopics               topics one subscription may name
   */
  public record Realtime(int maxQueuedFrames, int heartbeatSeconds, int maxMessageBytes, int maxSubscriptions,
                         long channelRetentionSeconds, int lanes, int maxTopics) {}

  /**
   * @param allow               CIDR blocks webhook targets may resolve to despite the SSRF rules
   * @param timeoutSeconds      connect and read timeout of one attempt
   * @param retryInitialMillis  first retry delay of a failed delivery (doubles per attempt)
   * @param retryMaxSeconds     longest retry delay
   * @param retryHorizonSeconds how long an event is retried before its endpoint is marked failing
   * @param perUser             endpoints one principal may register
   */
  public record Webhooks(String allow, int timeoutSeconds, long retryInitialMillis, long retryMaxSeconds,
                         long retryHorizonSeconds, int perUser) {}

  /**
   * Authorization.
   *
   * @param rulesFile a JSON rules file loaded at every start, replacing the stored rules; blank:
   *                  the stored rules (set through {@code PUT /admin/rules}), or the built-in defaults
   */
  public record Access(String rulesFile) {}

  /**
   * Authentication. Secrets never reach {@link #toString()}.
   *
   * @param adminPassword    password of the {@code admin} user created at first start; blank: generated and logged once
   * @param issuer           {@code iss} of the access tokens this server issues
   * @param audience         {@code aud} of the access tokens this server issues (and accepts)
   * @param tokenSeconds     lifetime of an access token
   * @param refreshSeconds   lifetime of a refresh-token family (from the password grant)
   * @param sessionSeconds   lifetime of a browser (cookie) session
   * @param ticketSeconds    lifetime of a one-time realtime ticket
   * @param skewSeconds      clock skew tolerated on {@code exp} and {@code nbf}
   * @param queryToken       whether {@code ?access_token=} is accepted (off: tokens in URLs land in access logs)
   * @param hashConcurrency  password hashes verified at once (Argon2id is a denial-of-service lever)
   * @param oidc             an external OpenID Connect issuer whose tokens are accepted (off when its issuer is blank)
   */
  public record Auth(String adminPassword, String issuer, String audience, long tokenSeconds, long refreshSeconds,
                     long sessionSeconds, long ticketSeconds, long skewSeconds, boolean queryToken,
                     int hashConcurrency, Oidc oidc) {
    @Override
    public String toString() {
      return "Auth[issuer=" + issuer + ", audience=" + audience + ", oidc=" + oidc + "]";
    }
  }

  /**
   * @param issuer         the issuer's {@code iss}; blank turns OIDC off
   * @param jwksUrl        where its signing keys are published
   * @param audience       the {@code aud} its tokens must carry for this server
   * @param algorithms     comma-separated JWS algorithms accepted (never taken from the token)
   * @param rolesClaim     claim holding the roles, a dotted path such as {@code realm_access.roles}
   * @param principalClaim claim naming the principal
   * @param refetchSeconds  shortest interval between two fetches of its keys (a token naming an unknown
   *                        {@code kid} triggers one)
   */
  public record Oidc(String issuer, String jwksUrl, String audience, String algorithms, String rolesClaim,
                     String principalClaim, long refetchSeconds) {
    public boolean enabled() {
      return !issuer.isBlank();
    }
  }

  /**
   * What browsers of other origins may do.
   *
   * @param origins comma-separated exact origins ({@code https://app.example.com}) allowed besides the
   *                server's own: CORS, WebSocket handshakes and cookie-authenticated writes
   */
  public record Http(String origins) {}

  /**
   * Rate limits, token buckets (Bucket4j) per principal, per client address or per connection; a
   * rate of 0 turns that limit off, a burst below its rate is raised to the rate. Principals with
   * {@code exemptRole} are not limited by anything but the failed-login limits.
   *
   * @param trustedProxies                comma-separated CIDR blocks of reverse proxies whose
   *                                      {@code X-Forwarded-For} names the client ({@code switchboard.http.trusted.proxies})
   * @param exemptRole                    a role exempt from request, connect, connection and message limits; blank: none
   * @param trackedKeys                   principals or addresses tracked per limit (a bounded cache: least used forgotten first)
   * @param principalRequestsPerSecond    HTTP requests per second per principal
   * @param principalRequestBurst         HTTP requests per principal at once
   * @param addressRequestsPerSecond      HTTP requests per second per client address
   * @param addressRequestBurst           HTTP requests per client address at once
   * @param addressConnectsPerSecond      realtime connects (WebSocket handshakes, SSE, stream, poll requests)
   *                                      per second per client address
   * @param addressConnectBurst           realtime connects per client address at once
   * @param principalConnections          realtime connections one principal may hold open at once
   * @param messagesPerSecond             WebSocket messages per second per connection
   * @param messageBurst                  WebSocket messages per connection at once
   * @param messageRefusals               refused WebSocket messages in a row before the connection is closed (1008)
   * @param accountLoginFailures          failed password checks per account within the window before it is throttled
   * @param addressLoginFailures          failed password checks per client address within the window before it is throttled
   * @param loginWindowSeconds            the failed-login window
   */
  public record Rates(String trustedProxies, String exemptRole, int trackedKeys, int principalRequestsPerSecond,
                      int principalRequestBurst, int addressRequestsPerSecond, int addressRequestBurst,
                      int addressConnectsPerSecond, int addressConnectBurst, int principalConnections,
                      int messagesPerSecond, int messageBurst, int messageRefusals, int accountLoginFailures,
                      int addressLoginFailures, long loginWindowSeconds) {
    public static Rates defaults() {
      return new Rates("", "admin", 50_000, 100, 200, 200, 400, 10, 100, 100, 50, 100, 10, 10, 100, 900);
    }
  }
}

package io.switchboard.config;

import java.nio.file.Path;

/**
 * Every setting the server reads. See the README's configuration table; {@link SettingsLoader}
 * documents where each value comes from.
 *
 * @param port            HTTP port of the embedded launcher
 * @param dataDir         directory of the embedded SQLite database
 * @param dbUrl           JDBC URL; {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...} selects the dialect
 * @param dbPoolSize      maximum pooled connections
 * @param sqliteSynchronous SQLite's {@code synchronous} pragma: NORMAL survives a process crash,
 *                        FULL also a power loss
 * @param maxBodyBytes    largest accepted request body
 * @param defaultPageSize list page size when the client gives no {@code limit}
 * @param maxPageSize     largest {@code limit} a client may ask for
 * @param maxQueuedFrames outbound queue bound per realtime session; past it the session is cut off
 * @param heartbeatSeconds interval of SSE comment heartbeats and WebSocket pings
 * @param maxMessageBytes  largest WebSocket message a client may send
 * @param maxSubscriptions subscriptions one WebSocket connection may hold
 * @param messageRetentionSeconds how long channel messages stay in the log (resumable)
 * @param webhookAllow    CIDR blocks webhook targets may resolve to despite the SSRF rules
 * @param webhookTimeoutSeconds connect and read timeout of one webhook attempt
 * @param webhookRetryInitialMillis first retry delay of a failed delivery (doubles per attempt)
 * @param webhookRetryMaxSeconds   longest retry delay
 * @param webhookRetryHorizonSeconds how long an event is retried before its endpoint is marked failing
 */
public record Settings(int port, Path dataDir, String dbUrl, String dbUser, String dbPassword, int dbPoolSize,
                       String sqliteSynchronous,
                       long maxBodyBytes, int defaultPageSize, int maxPageSize, int maxQueuedFrames,
                       int heartbeatSeconds, int maxMessageBytes, int maxSubscriptions,
                       long messageRetentionSeconds, String webhookAllow, int webhookTimeoutSeconds,
                       long webhookRetryInitialMillis, long webhookRetryMaxSeconds, long webhookRetryHorizonSeconds) {
}

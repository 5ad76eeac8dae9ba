package io.switchboard.model;

/**
 * Who is on the other end of a realtime connection, as its transport saw it when it connected.
 *
 * @param remoteAddress the client's address (or, for a webhook, its URL)
 * @param identity      who the peer is authenticated as; a WebSocket session may replace its
 *                      credential in-band, so {@code Connection} holds the current one
 */
public record Peer(String remoteAddress, Identity identity) {
  /** The principal's name, as presence and {@code /admin/sessions} show it. */
  public String principal() {
    return identity.user();
  }
}

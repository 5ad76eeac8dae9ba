package io.switchboard.model;

/**
 * Who is on the other end of a realtime connection, as its transport saw it when it connected.
 *
 * @param remoteAddress the client's address (or, for a webhook, its URL)
 * @param principal     who the peer is authenticated as; {@code anonymous} until authentication lands
 */
public record Peer(String remoteAddress, String principal) {
  public static Peer anonymous(String remoteAddress) {
    return new Peer(remoteAddress, "anonymous");
  }
}

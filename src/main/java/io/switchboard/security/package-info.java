/**
 * Authentication: local users and API keys ({@link io.switchboard.security.Accounts}), the
 * credentials a password buys (refresh-token families, browser sessions:
 * {@link io.switchboard.security.Credentials}), the access tokens this server signs
 * ({@link io.switchboard.security.AccessTokens}) and those of an external OIDC issuer
 * ({@link io.switchboard.security.ExternalTokens}), one-time realtime tickets, and the
 * {@link io.switchboard.security.Authenticator} that turns a request's credential into an
 * {@link io.switchboard.model.Identity}. Revoking a credential closes the live sessions running on it.
 * Rate limits ({@link io.switchboard.security.RateLimits}: requests, connects, connections, WebSocket
 * messages, failed logins) are decided here too, as token buckets, for every transport alike.
 */
package io.switchboard.security;

/**
 * The session registry shared by every transport: one {@link io.switchboard.session.Session} per
 * live connection, each with one writer draining a bounded outbound queue into its transport's
 * {@link io.switchboard.session.Outbound}.
 */
package io.switchboard.session;

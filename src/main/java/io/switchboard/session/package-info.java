/**
 * The one door every transport goes through: {@link io.switchboard.session.Realtime#connect} with
 * the transport's {@link io.switchboard.session.Outbound} and the peer, then
 * {@link io.switchboard.session.Connection#subscribe} with an {@link io.switchboard.session.Interest}
 * validated here for every transport; the registry of every live connection; one writer and a
 * bounded outbound queue per connection.
 */
package io.switchboard.session;

/**
 * Fan-out: the dispatcher tails the durable event log in sequence order and hands each event,
 * encoded once, to one lane per core, which delivers it to the subscriptions of its connections
 * whose topics match; a subscription that starts from a cursor first catches up from the log
 * (the log view), then switches to live events with no gap and no duplicate. Presence and the
 * subscription index live here too; the connections that own the subscriptions do not.
 */
package io.switchboard.hub;

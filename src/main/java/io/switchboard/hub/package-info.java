/**
 * Fan-out: the hub tails the durable event log in sequence order and hands each event to the
 * subscriptions whose topics match it; a subscription that starts from a cursor first catches up
 * from the log, then switches to live events with no gap and no duplicate.
 */
package io.switchboard.hub;

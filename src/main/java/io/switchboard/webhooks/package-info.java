/**
 * Webhooks: durable subscribers of the event log that receive events as signed HTTP POSTs
 * (Standard Webhooks), each endpoint with its own stored cursor, retries with backoff, a delivery
 * log and an SSRF guard on every connection.
 */
package io.switchboard.webhooks;

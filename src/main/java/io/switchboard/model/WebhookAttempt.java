package io.switchboard.model;

import java.time.Instant;

/**
 * One delivery attempt of an event to a webhook endpoint, as the delivery log keeps it.
 *
 * @param messageId  the {@code webhook-id} header: the same for every attempt of one event
 * @param status     the receiver's HTTP status, or null if there was no response
 * @param outcome    {@code delivered}, {@code retry} (will be retried), {@code failing} (retries
 *                   exhausted), {@code gone} (the receiver answered 410: disabled) or {@code skipped}
 * @param error      why the attempt failed (timeout, refused address, redirect…), or null
 * @param response   the start of the response body
 */
public record WebhookAttempt(long id, String webhookId, long eventSeq, String messageId, int attempt, Integer status,
                             String outcome, String error, long latencyMillis, String response, Instant time) {}

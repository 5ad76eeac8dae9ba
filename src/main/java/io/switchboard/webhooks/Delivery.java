package io.switchboard.webhooks;

import io.switchboard.hub.Hub;
import io.switchboard.model.Webhook;
import io.switchboard.model.WebhookAttempt;
import io.switchboard.protocol.Wire;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The attempts of one event to one endpoint, on its delivery loop's thread: signed POSTs until one
 * is accepted, retried with the {@link RetryPolicy} (or the receiver's {@code Retry-After}); a
 * {@code 410 Gone} disables the endpoint, an event still failing past the retry horizon marks it
 * failing. Every attempt is logged; the delivered one in the same transaction as the cursor move.
 */
final class Delivery {
  private final DeliveryLoop.Context context;
  private final String id;
  private final String quotedId;

  Delivery(DeliveryLoop.Context context, String id) {
    this.context = context;
    this.id = id;
    this.quotedId = Wire.quote(id);
  }

  /**
   * Delivers {@code item}; true once accepted, false if it ended otherwise (the endpoint is now
   * failing or disabled, or {@code running} turned false). With {@code advance}, the accepted
   * attempt also moves the cursor past the event, unless {@code replayPending} (a replay then
   * sets the cursor instead).
   */
  boolean deliver(Webhook w, Hub.Item item, boolean advance, BooleanSupplier running, BooleanSupplier replayPending) {
    String messageId = "msg_" + item.seq();
    String body = item.json(quotedId);
    URI target = URI.create(w.url());
    Instant firstFailure = w.failingSince();
    for (int attempt = 1; running.getAsBoolean(); attempt++) {
      Sender.Result result = post(w, target, messageId, body);
      if (result.delivered()) {
        accepted(attempt(item.seq(), attempt, result, "delivered", null, messageId),
            advance && !replayPending.getAsBoolean() ? item.seq() : null);
        return true;
      }
      if (result.status() != null && result.status() == 410) {
        log(item.seq(), attempt, result, "gone", "HTTP 410 Gone", messageId);
        stopAs(Webhook.Status.DISABLED, "The receiver answered 410 Gone at " + context.clock().instant() + ".");
        return false;
      }
      Instant failed = context.clock().instant();
      firstFailure = firstFailure != null ? firstFailure : failingSince(failed);
      Duration delay = result.retryAfter() != null ? result.retryAfter() : context.retry().backoff(attempt);
      if (Duration.between(firstFailure, failed.plus(delay)).compareTo(context.retry().horizon()) > 0) {
        log(item.seq(), attempt, result, "failing", result.error(), messageId);
        stopAs(Webhook.Status.FAILING, "Event " + item.seq() + " could not be delivered within the retry horizon ("
            + context.retry().horizon() + "); last error: " + result.error());
        return false;
      }
      log(item.seq(), attempt, result, "retry", result.error(), messageId);
      if (!sleep(delay)) {
        return false;
      }
    }
    return false;
  }

  /** One signed POST (Standard Webhooks headers), with the secrets that sign at this moment. */
  private Sender.Result post(Webhook w, URI target, String messageId, String body) {
    Instant now = context.clock().instant();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", messageId);
    headers.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
    headers.put("webhook-signature", Signer.signature(w.signingSecrets(now), messageId, now.getEpochSecond(), body));
    return context.sender().post(target, headers, body);
  }

  /** Logs the accepted attempt and, unless {@code cursor} is null, moves the cursor to it, in one transaction. */
  private void accepted(WebhookAttempt delivered, Long cursor) {
    context.db().write(tx -> {
      tx.webhooks().log(delivered);
      if (cursor != null) {
        tx.webhooks().advance(id, cursor);
      }
      return null;
    });
  }

  /** Stores when the current event's first failed attempt was made; returns it. */
  private Instant failingSince(Instant failed) {
    context.db().write(tx -> {
      tx.webhooks().failingSince(id, failed);
      return null;
    });
    return failed;
  }

  /** False if interrupted (the loop is being stopped; the flag stays set for it to see). */
  private static boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void stopAs(Webhook.Status status, String reason) {
    context.db().write(tx -> {
      tx.webhooks().stop(id, status, reason, context.clock().instant());
      return null;
    });
  }

  /** Logs an attempt (or, with no result, a note such as a skipped range) in its own transaction. */
  void log(long seq, int attempt, Sender.Result result, String outcome, String error, String messageId) {
    WebhookAttempt entry = attempt(seq, attempt, result, outcome, error, messageId);
    context.db().write(tx -> {
      tx.webhooks().log(entry);
      return null;
    });
  }

  private WebhookAttempt attempt(long seq, int attempt, Sender.Result result, String outcome, String error,
                                 String messageId) {
    return new WebhookAttempt(0, id, seq, messageId == null ? "" : messageId, attempt,
        result == null ? null : result.status(), outcome, error, result == null ? 0 : result.latencyMillis(),
        result == null ? null : result.excerpt(), context.clock().instant());
  }
}

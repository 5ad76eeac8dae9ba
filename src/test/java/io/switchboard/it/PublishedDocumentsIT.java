package io.switchboard.it;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The documents the server publishes, as it serves them, through the community's validators
 * ({@code src/test/docs}, {@code node --test}): {@code /docs/asyncapi.json} with the AsyncAPI
 * parser ({@code @asyncapi/parser}: no error, no warning), {@code /docs/openapi.json} with the
 * OpenAPI 3.1 schema ({@code @seriousme/openapi-schema-validator}, every {@code $ref} resolved) and
 * each of its examples against its schema (Ajv, draft 2020-12, formats asserted). Then the wire:
 * every frame a short session receives over WebSocket (welcome, replies, errors, presence, message
 * and document events), SSE, NDJSON and long-poll must be a message the AsyncAPI document says the
 * server sends there, with no undocumented field; and every answer of a REST session (59 calls
 * over documents, schemas, rules, accounts, keys, tokens, login, publish, presence, poll and
 * webhooks, successes and mistakes) must be a documented status of its operation, in a documented
 * content type, matching the response schema with no undocumented field. Controls break a copy of
 * each document, a frame and an answer, and require the checks to refuse them. Runs in the client leg only: the documents are
 * files of the WAR and the frames come from the core, the same on every container.
 */
@ExtendWith(ServerExtension.class)
class PublishedDocumentsIT {
  private final TestServer server;

  PublishedDocumentsIT(TestServer server) {
    this.server = server;
  }

  @Test
  void the_published_documents_pass_their_validators_and_the_wire_matches_the_asyncapi_document() throws Exception {
    // an address the suite server's SSRF guard allows, with nothing listening on the port
    Node.assertTestsPass("it.docs.dir", "src/test/docs", server,
        Map.of("SWITCHBOARD_WEBHOOK_TARGET", "http://" + WebhookReceiver.HOST + ":9/hook"), Duration.ofMinutes(2));
  }
}

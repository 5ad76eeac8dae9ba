package io.switchboard.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The documents the server publishes, as it serves them, through the community's validators
 * ({@code src/test/docs}, {@code node --test}): {@code /docs/asyncapi.json} with the AsyncAPI
 * parser ({@code @asyncapi/parser}: no error, no warning), {@code /docs/openapi.json} with the
 * OpenAPI 3.1 schema ({@code @seriousme/openapi-schema-validator}, every {@code $ref} resolved) and
 * each of its examples against its schema (Ajv, draft 2020-12, formats asserted). Controls break a
 * copy of each document and require the checks to refuse it. Runs in the client leg only: the
 * documents are files of the WAR, the same on every container.
 */
@ExtendWith(ServerExtension.class)
class PublishedDocumentsIT {
  private final TestServer server;

  PublishedDocumentsIT(TestServer server) {
    this.server = server;
  }

  @Test
  void the_asyncapi_and_openapi_documents_pass_their_community_validators() throws Exception {
    Node.assertPasses("The document checks", Node.dir("it.docs.dir", "src/test/docs"),
        List.of("--test", "--test-force-exit", "--test-reporter=spec"),
        Map.of("SWITCHBOARD_URL", Node.base(server)), Duration.ofMinutes(2));
  }
}

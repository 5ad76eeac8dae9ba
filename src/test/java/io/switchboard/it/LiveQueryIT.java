package io.switchboard.it;

import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
class LiveQueryIT {
  private static final String MERGE = "application/merge-patch+json";
  private final Http http;
  private final TestServer server;
  private final String c = freshCollection();

  LiveQueryIT(Http http, TestServer server) {
    this.http = http;
    this.server = server;
  }

  private WsClient connect() throws Exception {
    return WsClient.open(server.base());
  }

  @Test
  void a_filtered_subscription_sees_documents_enter_and_leave_its_result() throws Exception {
    try (WsClient ws = connect()) {
      JsonNode ok = ws.call("q", "{\"op\":\"subscribe\",\"id\":\"q\",\"topic\":\"" + c
          + "\",\"filter\":{\"done\":\"false\",\"priority:gte\":\"2\"}}");
      assertEquals(200, ok.path("status").asInt(), ok::toString);
      http.put("/api/" + c + "/a", "{\"done\":false,\"priority\":3}");
      http.put("/api/" + c + "/b", "{\"done\":false,\"priority\":1}");
      assertEquals("created a", describe(ws.event("q")));
      http.patch("/api/" + c + "/b", MERGE, "{\"priority\":5}");
      assertEquals("enter b", describe(ws.event("q")));
      http.patch("/api/" + c + "/a", MERGE, "{\"done\":true}");
      assertEquals("leave a", describe(ws.event("q")));
      http.patch("/api/" + c + "/a", MERGE, "{\"note\":\"still done\"}");
      http.patch("/api/" + c + "/b", MERGE, "{\"note\":\"still in\"}");
      assertEquals("updated b", describe(ws.event("q")), "a change outside the result is not delivered");
      http.delete("/api/" + c + "/a");
      http.delete("/api/" + c + "/b");
      assertEquals("deleted b", describe(ws.event("q")));
    }
  }

  @Test
  void presence_lists_subscribers_and_tells_watchers_who_joins_and_leaves() throws Exception {
    String room = "room:" + c;
    try (WsClient watcher = connect()) {
      watcher.call("w", "{\"op\":\"subscribe\",\"id\":\"w\",\"topic\":\"" + room + "\",\"presence\":true}");
      WsClient guest = connect();
      guest.call("g", "{\"op\":\"subscribe\",\"id\":\"g\",\"topic\":\"" + room + "\"}");
      JsonNode join = watcher.event("w");
      assertEquals("presence", join.path("type").asText());
      assertEquals("join", join.path("action").asText());
      assertTrue(join.path("cursor").isMissingNode(), "presence is not in the log");
      JsonNode presence = http.get("/realtime/presence/" + room).json();
      assertEquals(2, presence.path("sessions").asInt(), presence::toString);
      assertEquals("admin", presence.path("members").path(0).path("principal").asText(), "the authenticated principal");
      List<String> ids = new ArrayList<>();
      presence.path("members").path(0).path("ids").forEach(id -> ids.add(id.asText()));
      assertEquals(2, ids.size(), presence::toString);
      assertTrue(ids.contains(join.path("session").asText()), "the member list names the session the join named");
      guest.close();
      JsonNode leave = watcher.event("w");
      assertEquals("leave", leave.path("action").asText());
      assertEquals(join.path("session"), leave.path("session"));
      assertEquals(1, http.get("/realtime/presence/" + room).json().path("sessions").asInt());
    }
  }

  private static String describe(JsonNode event) {
    return event.path("type").asText() + " " + event.path("id").asText();
  }
}

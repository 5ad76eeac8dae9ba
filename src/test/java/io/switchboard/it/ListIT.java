package io.switchboard.it;

import static io.switchboard.it.Problems.assertProblem;
import static io.switchboard.it.Problems.freshCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListIT {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
  private final Http http;
  private final String c = freshCollection();

  ListIT(Http http) {
    this.http = http;
  }

  @BeforeAll
  void fruit() {
    String[] docs = {
        "{\"id\":\"apple\",\"name\":\"apple\",\"price\":3,\"tags\":[\"red\",\"sweet\"],\"origin\":{\"city\":\"Oslo\"},\"ripe\":true}",
        "{\"id\":\"banana\",\"name\":\"banana\",\"price\":1.5,\"tags\":[\"yellow\"],\"origin\":{\"city\":\"Quito\"},\"ripe\":false}",
        "{\"id\":\"cherry\",\"name\":\"cherry\",\"price\":10,\"tags\":[\"red\"],\"origin\":{\"city\":\"Oslo\"},\"ripe\":true}",
        "{\"id\":\"date\",\"name\":\"date\",\"price\":3,\"tags\":[],\"ripe\":true}",
        "{\"id\":\"elder\",\"name\":\"elder\",\"price\":null,\"tags\":[\"black\"]}",
        "{\"id\":\"fig\",\"name\":\"fig\",\"price\":\"cheap\",\"tags\":[\"purple\"]}",
        "{\"id\":\"grape\",\"price\":7,\"tags\":[\"green\",\"red\"],\"code\":\"10\"}",
        "{\"id\":\"kiwi\",\"name\":\"kiwi\",\"price\":3,\"tags\":[\"green\"],\"code\":10}",
        "{\"id\":\"lime\",\"name\":\"lime\",\"tags\":[\"green\",1,true],\"ripe\":1,\"null\":1}"};
    for (String doc : docs) {
      assertEquals(201, http.post("/api/" + c, doc).status());
    }
  }

  private List<String> ids(String query) {
    Http.Reply reply = http.get("/api/" + c + "?" + query);
    assertEquals(200, reply.status(), reply::toString);
    List<String> ids = new ArrayList<>();
    reply.json().path("items").forEach(d -> ids.add(d.path("id").asText()));
    return ids;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void without_parameters_documents_come_in_id_order_with_a_cursor() {
    Http.Reply reply = http.get("/api/" + c);
    assertNotNull(reply.header("Switchboard-Cursor"));
    assertEquals(List.of("apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi", "lime"), ids(""));
    assertTrue(reply.json().path("next").isNull());
    assertTrue(reply.json().path("total").isMissingNode());
  }

  @Test
  void equality_is_typed_numbers_booleans_strings_and_quoted_strings() {
    assertEquals(List.of("apple", "date", "kiwi"), ids("price=3"));
    assertEquals(List.of("apple", "cherry", "date"), ids("ripe=true"));
    assertEquals(List.of("banana"), ids("name=banana"));
    assertEquals(List.of("kiwi"), ids("code=10"));
    assertEquals(List.of("grape"), ids("code=" + enc("\"10\"")));
    assertEquals(List.of("lime"), ids("ripe=1"));
    assertEquals(List.of("apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi"), ids("ripe:ne=1"));
    assertEquals(List.of("apple", "cherry", "date", "lime"), ids("ripe:in=true,1"));
    assertEquals(List.of("lime"), ids("tags:contains=true"));
    assertEquals(List.of("lime"), ids("tags:contains=1"));
    assertEquals(List.of("lime"), ids("null=1"));
  }

  @Test
  void range_operators_compare_only_values_of_the_same_type() {
    assertEquals(List.of("cherry", "grape"), ids("price:gt=3"));
    assertEquals(List.of("apple", "cherry", "date", "grape", "kiwi"), ids("price:gte=3"));
    assertEquals(List.of("banana"), ids("price:lt=3"));
    assertEquals(List.of("apple", "banana", "date", "kiwi"), ids("price:lte=3"));
    assertEquals(List.of("fig"), ids("price:gte=a"));
    assertEquals(List.of("cherry"), ids("price:gt=3&price:lt=8&name:ne=grape".replace("8", "11") + "&tags:contains=red&ripe=true"));
  }

  @Test
  void ne_in_contains_null_and_nested_fields() {
    assertEquals(List.of("apple", "cherry", "date", "elder", "fig", "grape", "kiwi", "lime"), ids("name:ne=banana"));
    assertEquals(List.of("banana", "kiwi"), ids("name:in=banana,kiwi,nope"));
    assertEquals(List.of("apple", "cherry", "grape"), ids("tags:contains=red"));
    assertEquals(List.of("apple"), ids("name:contains=ap"));
    assertEquals(List.of("banana"), ids("name:contains=an"));
    assertEquals(List.of("elder", "lime"), ids("price=null"));
    assertEquals(List.of("lime"), ids("tags:contains=green&tags:contains=1"));
    assertEquals(List.of("grape"), ids("name=null"));
    assertEquals(List.of("apple", "cherry"), ids("origin.city=Oslo"));
  }

  @Test
  void server_fields_filter_on_their_own_types() {
    Http.Reply lime = http.get("/api/" + c + "/lime");
    assertEquals(List.of("kiwi"), ids("id=kiwi"));
    assertEquals(List.of("apple", "kiwi"), ids("id:in=kiwi,apple"));
    assertEquals(List.of(), ids("version:gt=1"));
    String created = lime.json().path("createdAt").asText();
    assertTrue(ids("createdAt:lte=" + enc(created)).contains("lime"));
    assertEquals(List.of(), ids("createdAt:gt=" + enc(created)));
  }

  @Test
  void sort_by_several_fields_with_descending_order() {
    assertEquals(List.of("cherry", "grape", "apple", "date", "kiwi", "banana", "elder", "fig", "lime"),
        numericFirst(ids("sort=-price,name")));
    assertEquals(List.of("banana", "apple", "date", "kiwi", "grape", "cherry"), ids("price:gte=0&sort=price,id"));
  }

  /**
   * Where strings, JSON null and missing values sort relative to numbers differs by database
   * (SQLite: SQL types; PostgreSQL: jsonb order); compare the numeric part, then the rest by name.
   */
  private static List<String> numericFirst(List<String> ids) {
    List<String> others = List.of("elder", "fig", "lime");
    assertEquals(9, ids.size());
    assertTrue(ids.containsAll(others));
    List<String> numeric = new ArrayList<>(ids);
    numeric.removeAll(others);
    numeric.addAll(others);
    return numeric;
  }

  @Test
  void keyset_pages_walk_the_whole_result_in_order_without_gaps_or_repeats() {
    for (String sort : new String[] {"", "price", "-price", "-price,name", "ripe,-name", "origin.city,-price"}) {
      String query = sort.isEmpty() ? "" : "sort=" + sort;
      List<String> all = ids(query + "&limit=" + TestServer.MAX_PAGE);
      List<String> walked = new ArrayList<>();
      String url = "/api/" + c + "?" + query + "&limit=2";
      int pages = 0;
      while (url != null) {
        Http.Reply page = http.get(url);
        assertEquals(200, page.status(), page::toString);
        page.json().path("items").forEach(d -> walked.add(d.path("id").asText()));
        String link = page.header("Link");
        if (link == null) {
          assertTrue(page.json().path("next").isNull());
          url = null;
        } else {
          Matcher next = NEXT.matcher(link);
          assertTrue(next.find(), link);
          assertEquals(page.json().path("next").asText(), queryParam(next.group(1), "after"));
          url = URI.create(next.group(1)).getRawPath() + "?" + URI.create(next.group(1)).getRawQuery();
        }
        pages++;
      }
      assertEquals(all, walked, "sort " + sort);
      assertEquals(5, pages, "sort " + sort);
    }
  }

  private static String queryParam(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void count_reports_the_total_of_the_filter_not_of_the_page() {
    Http.Reply reply = http.get("/api/" + c + "?tags:contains=red&limit=1&count=true");
    assertEquals(3, reply.json().path("total").asInt());
    assertEquals("3", reply.header("Total-Count"));
    assertEquals(1, reply.json().path("items").size());
  }

  @Test
  void a_page_token_only_works_with_its_own_sort() {
    JsonNode first = http.get("/api/" + c + "?sort=price&limit=2").json();
    String token = first.path("next").asText();
    assertProblem(http.get("/api/" + c + "?sort=name&after=" + token), 400, "invalid-request");
    assertEquals(200, http.get("/api/" + c + "?sort=price&after=" + token).status());
  }

  @Test
  void an_unknown_collection_lists_as_empty() {
    Http.Reply reply = http.get("/api/" + freshCollection());
    assertEquals(200, reply.status());
    assertEquals(0, reply.json().path("items").size());
    assertNull(reply.header("Link"));
  }

  @Test
  void lists_are_available_as_xml() {
    Http.Reply reply = http.get("/api/" + c + "?id=apple", "Accept", "application/xml");
    assertEquals(200, reply.status());
    assertTrue(reply.body().contains("<name>apple</name>"), reply::body);
  }
}

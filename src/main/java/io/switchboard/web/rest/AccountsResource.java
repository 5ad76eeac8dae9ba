package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.ApiKey;
import io.switchboard.model.User;
import io.switchboard.security.Accounts;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

/**
 * Account management, admin only (the filter's policy for {@code /admin}):
 * <ul>
 *   <li>{@code /admin/users}: {@code POST {"name","password","roles"?,"enabled"?}} → 201,
 *       {@code GET} lists, {@code GET /{name}}, {@code PATCH /{name} {"roles"?,"enabled"?,"password"?}},
 *       {@code DELETE /{name}}. No answer ever carries a password or its hash.</li>
 *   <li>{@code /admin/keys}: {@code POST {"name","roles"?}} → 201 with the {@code key}, shown this
 *       once; {@code GET} lists (by {@code prefix}); {@code DELETE /{id}} revokes.</li>
 * </ul>
 */
@Path("admin")
public final class AccountsResource {
  private final Accounts accounts;
  private final Bodies bodies;

  public AccountsResource(Accounts accounts, Bodies bodies) {
    this.accounts = accounts;
    this.bodies = bodies;
  }

  record NewUser(String name, String password, Set<String> roles, Boolean enabled) {}

  record UserChange(Set<String> roles, Boolean enabled, String password) {}

  record NewKey(String name, Set<String> roles) {}

  @POST
  @Path("users")
  @Consumes(JSON)
  @Produces(JSON)
  public Response createUser(InputStream body, @Context UriInfo uri) {
    NewUser asked = bodies.bind(body, NewUser.class, false);
    User user = accounts.create(asked.name(), asked.password(), asked.roles() == null ? Set.of() : asked.roles(),
        asked.enabled() == null || asked.enabled());
    return Response.created(uri.getAbsolutePathBuilder().path(user.name()).build()).entity(view(user)).build();
  }

  @GET
  @Path("users")
  @Produces(JSON)
  public ObjectNode users() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("items");
    accounts.list().forEach(u -> items.add(view(u)));
    return body;
  }

  @GET
  @Path("users/{name}")
  @Produces(JSON)
  public ObjectNode user(@PathParam("name") String name) {
    return view(accounts.get(name));
  }

  @PATCH
  @Path("users/{name}")
  @Consumes({JSON, "application/merge-patch+json"})
  @Produces(JSON)
  public ObjectNode updateUser(@PathParam("name") String name, InputStream body) {
    UserChange change = bodies.bind(body, UserChange.class, false);
    return view(accounts.update(name, change.roles(), change.enabled(), change.password()));
  }

  @DELETE
  @Path("users/{name}")
  public Response deleteUser(@PathParam("name") String name) {
    accounts.delete(name);
    return Response.noContent().build();
  }

  @POST
  @Path("keys")
  @Consumes(JSON)
  @Produces(JSON)
  public Response createKey(InputStream body, @Context UriInfo uri) {
    NewKey asked = bodies.bind(body, NewKey.class, false);
    Accounts.CreatedKey created = accounts.createKey(asked.name(), asked.roles() == null ? Set.of() : asked.roles());
    return Response.created(uri.getAbsolutePathBuilder().path(created.key().id()).build())
        .entity(view(created.key()).put("key", created.secret())).build();
  }

  @GET
  @Path("keys")
  @Produces(JSON)
  public ObjectNode keys() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode items = body.putArray("items");
    accounts.keys().forEach(k -> items.add(view(k)));
    return body;
  }

  @DELETE
  @Path("keys/{id}")
  public Response revokeKey(@PathParam("id") String id) {
    accounts.revokeKey(id);
    return Response.noContent().build();
  }

  private static ObjectNode view(User u) {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", u.name());
    roles(json, u.roles());
    return json.put("enabled", u.enabled()).put("created", u.createdAt().toString())
        .put("updated", u.updatedAt().toString());
  }

  private static ObjectNode view(ApiKey k) {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("id", k.id()).put("name", k.name())
        .put("prefix", k.prefix());
    roles(json, k.roles());
    return json.put("created", k.createdAt().toString());
  }

  private static void roles(ObjectNode json, Set<String> roles) {
    ArrayNode list = json.putArray("roles");
    new TreeSet<>(roles).forEach(list::add);
  }
}

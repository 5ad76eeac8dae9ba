package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.access.Access;
import io.switchboard.access.AccessRules;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.InputStream;

/**
 * {@code /admin/rules}: the access rules in force ({@link AccessRules} documents the shape). PUT
 * replaces them all (422 naming the field if any part is not a rule, changing nothing); the new
 * rules apply at once, to live subscriptions too.
 */
@Path("admin/rules")
public final class RulesResource {
  private final Access access;
  private final Bodies bodies;

  public RulesResource(Access access, Bodies bodies) {
    this.access = access;
    this.bodies = bodies;
  }

  @GET
  @Produces(JSON)
  public ObjectNode get() {
    return access.rules().toJson();
  }

  @PUT
  @Consumes(JSON)
  @Produces(JSON)
  public ObjectNode put(InputStream body) {
    access.replace(AccessRules.parse(bodies.any(body)));
    return access.rules().toJson();
  }
}

package io.switchboard.web.rest;

import static io.switchboard.web.rest.Representations.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Identity;
import io.switchboard.model.Json;
import io.switchboard.model.Problem;
import io.switchboard.model.SwitchboardException;
import io.switchboard.security.Authenticator;
import io.switchboard.security.Credentials;
import io.switchboard.security.Secrets;
import io.switchboard.store.AuthTable.BrowserSession;
import io.switchboard.web.AuthFilter;
import io.switchboard.web.Callers;
import io.switchboard.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public authentication endpoints, {@code /auth}:
 * <ul>
 *   <li>{@code POST /auth/token}: OAuth 2.0 token endpoint (RFC 6749 §4.3 password and §6
 *       refresh_token grants; form-encoded or JSON), answering {@code access_token}, {@code
 *       token_type}, {@code expires_in}, {@code refresh_token}, never cached; errors are RFC 6749
 *       §5.2 documents ({@code invalid_grant}, {@code invalid_request}, {@code unsupported_grant_type});</li>
 *   <li>{@code GET /auth/jwks.json}: the public keys our access tokens are signed with;</li>
 *   <li>{@code POST /auth/login} {@code {"username","password"}}: a browser session, as an
 *       {@code HttpOnly}, {@code SameSite=Lax} cookie (Secure over HTTPS), and its CSRF token;
 *       {@code GET /auth/session}: who the cookie is; {@code POST /auth/logout} ends it;</li>
 *   <li>{@code POST /auth/tickets} {@code {"transport"?}}: a one-time ticket for {@code ?ticket=}
 *       on a WebSocket, SSE or stream connect, for any caller holding a credential.</li>
 * </ul>
 */
@Path("auth")
public final class AuthResource {
  private static final Set<String> TRANSPORTS = Set.of("ws", "sse", "stream");
  private final Authenticator authenticator;
  private final Bodies bodies;

  public AuthResource(Authenticator authenticator, Bodies bodies) {
    this.authenticator = authenticator;
    this.bodies = bodies;
  }

  /** The password a browser logs in with. */
  record Login(String username, String password) {}

  /** Optionally binds a ticket to one transport. */
  record TicketRequest(String transport) {}

  @POST
  @Path("token")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(JSON)
  public Response tokenFromForm(MultivaluedMap<String, String> form, @Context HttpServletRequest request) {
    return token(form::getFirst, ClientAddress.of(request));
  }

  @POST
  @Path("token")
  @Consumes(JSON)
  @Produces(JSON)
  public Response tokenFromJson(InputStream body, @Context HttpServletRequest request) {
    ObjectNode json = bodies.object(body);
    return token(name -> json.path(name).isTextual() ? json.get(name).textValue() : null, ClientAddress.of(request));
  }

  private Response token(Function<String, String> param, String address) {
    String grant = param.apply("grant_type");
    Optional<Credentials.Grant> issued;
    if ("password".equals(grant)) {
      String user = param.apply("username");
      String password = param.apply("password");
      if (user == null || password == null) {
        return oauthError("invalid_request", "The password grant needs username and password.");
      }
      issued = authenticator.passwordGrant(user, password, address);
    } else if ("refresh_token".equals(grant)) {
      String refresh = param.apply("refresh_token");
      if (refresh == null) {
        return oauthError("invalid_request", "The refresh_token grant needs refresh_token.");
      }
      issued = authenticator.refreshGrant(refresh);
    } else if (grant == null) {
      return oauthError("invalid_request", "grant_type is required.");
    } else {
      return oauthError("unsupported_grant_type", "Supported grants: password, refresh_token.");
    }
    if (issued.isEmpty()) {
      return oauthError("invalid_grant", "The credentials or the refresh token are not valid.");
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode()
        .put("access_token", issued.get().access().token())
        .put("token_type", "Bearer")
        .put("expires_in", issued.get().access().expiresIn())
        .put("refresh_token", issued.get().refreshToken());
    return noStore(Response.ok(answer, JSON)).build();
  }

  private static Response oauthError(String error, String description) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", error).put("error_description", description);
    return noStore(Response.status(400).type(JSON).entity(body)).build();
  }

  private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
    return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  }

  @GET
  @Path("jwks.json")
  @Produces({"application/jwk-set+json", JSON})
  public Response jwks() {
    JsonNode keys = Json.MAPPER.valueToTree(authenticator.jwks());
    return Response.ok(keys).header("Cache-Control", "public, max-age=300").build();
  }

  @POST
  @Path("login")
  @Consumes(JSON)
  @Produces(JSON)
  public Response login(InputStream body, @Context HttpServletRequest request) {
    Login login = bodies.bind(body, Login.class, false);
    if (login.username() == null || login.password() == null) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "Give username and password.");
    }
    Credentials.NewSession created = authenticator.login(login.username(), login.password(), ClientAddress.of(request))
        .orElseThrow(() -> new SwitchboardException(Problem.UNAUTHORIZED, "Authentication is required."));
    BrowserSession session = created.session();
    NewCookie cookie = new NewCookie.Builder(AuthFilter.COOKIE).value(created.cookie()).path(cookiePath(request))
        .httpOnly(true).secure(request.isSecure()).sameSite(NewCookie.SameSite.LAX)
        .maxAge((int) authenticator.sessionSeconds()).build();
    return noStore(Response.ok(view(session, authenticator.accounts().get(session.user()).roles()), JSON)).cookie(cookie)
        .build();
  }

  @GET
  @Path("session")
  @Produces(JSON)
  public Response session(@Context HttpServletRequest request) {
    BrowserSession session = browserSession(request);
    return noStore(Response.ok(view(session, Callers.identity(request).roles()), JSON)).build();
  }

  @POST
  @Path("logout")
  public Response logout(@Context HttpServletRequest request) {
    BrowserSession session = browserSession(request);
    String csrf = request.getHeader(AuthFilter.CSRF_HEADER);
    if (!Secrets.same(csrf, session.csrf())) {
      throw new SwitchboardException(Problem.FORBIDDEN, "Logging out needs the session's " + AuthFilter.CSRF_HEADER
          + " header.");
    }
    authenticator.logout(session);
    NewCookie gone = new NewCookie.Builder(AuthFilter.COOKIE).value("").path(cookiePath(request)).httpOnly(true)
        .secure(request.isSecure()).sameSite(NewCookie.SameSite.LAX).maxAge(0).build();
    return Response.noContent().cookie(gone).build();
  }

  @POST
  @Path("tickets")
  @Produces(JSON)
  public Response ticket(InputStream body, @Context HttpServletRequest request) {
    if (!(request.getAttribute(Callers.ATTRIBUTE) instanceof Identity identity)) {
      throw new SwitchboardException(Problem.UNAUTHORIZED, "Authentication is required.");
    }
    TicketRequest asked = bodies.bind(body, TicketRequest.class, true);
    String transport = asked == null ? null : asked.transport();
    if (transport != null && !TRANSPORTS.contains(transport)) {
      throw new SwitchboardException(Problem.VALIDATION_FAILED, "transport is one of ws, sse, stream.");
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode()
        .put("ticket", authenticator.ticket(identity, transport))
        .put("expires_in", authenticator.ticketSeconds());
    return noStore(Response.status(201).type(JSON).entity(answer)).build();
  }

  private static BrowserSession browserSession(HttpServletRequest request) {
    if (request.getAttribute(AuthFilter.SESSION_ATTRIBUTE) instanceof BrowserSession session) {
      return session;
    }
    throw new SwitchboardException(Problem.UNAUTHORIZED, "Authentication is required.");
  }

  private static ObjectNode view(BrowserSession session, Set<String> roles) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("user", session.user());
    ArrayNode list = body.putArray("roles");
    new TreeSet<>(roles).forEach(list::add);
    return body.put("csrf", session.csrf())
        .put("expires_in", Math.max(0, session.expiresAt().getEpochSecond() - Instant.now().getEpochSecond()));
  }

  private static String cookiePath(HttpServletRequest request) {
    String context = request.getContextPath();
    return context.isEmpty() ? "/" : context;
  }
}

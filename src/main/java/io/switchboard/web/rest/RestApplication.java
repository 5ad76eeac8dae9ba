package io.switchboard.web.rest;

import io.switchboard.access.Access;
import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.model.JsonInput;
import io.switchboard.security.Authenticator;
import io.switchboard.session.Realtime;
import io.switchboard.web.poll.PollResource;
import io.switchboard.web.sse.SseHeadersFilter;
import io.switchboard.web.sse.SseResource;
import io.switchboard.web.stream.StreamResource;
import io.switchboard.webhooks.WebhookService;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletProperties;

/**
 * The Jersey application, built by the composition root with the services it needs. It runs as a
 * servlet filter over the whole context: paths of static files (the console, the JS client) fall
 * through to the container's default servlet, every other path is answered here, so an unknown
 * path still gets a problem document.
 */
public final class RestApplication extends ResourceConfig {
  /** Requests the container's default servlet answers: the root and static files. */
  static final String STATIC_CONTENT =
      "/|/[^/]*\\.(html|js|mjs|css|map|ico|png|svg|txt|json|woff2?)|/(assets|console|docs|js)/.*|/realtime/ws";

  public RestApplication(DocumentService documents, Realtime realtime, WebhookService webhooks,
                         Authenticator authenticator, Access access, Settings settings) {
    // Resources are registered as the instances built here, not as classes: Jersey then calls them
    // directly instead of looking each one up in its injection manager on every request.
    Bodies bodies = new Bodies(settings.limits().bodyBytes(),
        new JsonInput(settings.limits().jsonDepth(), settings.limits().jsonString()));
    register(new SseResource(realtime));
    register(new StreamResource(realtime));
    register(new PollResource(realtime));
    register(new WebhooksResource(webhooks, bodies));
    register(new SessionsResource(realtime));
    register(new AuthResource(authenticator, bodies));
    register(new AccountsResource(authenticator.accounts(), bodies));
    register(new ChannelResource(documents, bodies));
    register(new PresenceResource(realtime));
    register(new RulesResource(access, bodies));
    register(new ApiIndexResource(documents));
    register(new CollectionResource(documents, bodies));
    register(new DocumentResource(documents, bodies));
    register(new SchemaResource(documents, bodies));
    register(new EventsResource(documents, settings.limits().maxPageSize()));
    register(SseHeadersFilter.class);
    register(ProblemMappers.Domain.class);
    register(ProblemMappers.Web.class);
    register(ProblemMappers.Unexpected.class);
    register(JsonNodeWriter.class);
    register(OptionsFilter.class);
    register(new GoingAway(realtime));
    property(ServletProperties.FILTER_STATIC_CONTENT_REGEX, STATIC_CONTENT);
    property(ServerProperties.WADL_FEATURE_DISABLE, true);
    property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    property(ServerProperties.BV_FEATURE_DISABLE, true);
  }
}

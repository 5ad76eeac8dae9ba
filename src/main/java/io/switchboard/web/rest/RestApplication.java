package io.switchboard.web.rest;

import io.switchboard.config.Settings;
import io.switchboard.documents.DocumentService;
import io.switchboard.hub.Hub;
import io.switchboard.session.SessionRegistry;
import io.switchboard.web.poll.PollResource;
import io.switchboard.web.sse.SseHeadersFilter;
import io.switchboard.web.sse.SseResource;
import io.switchboard.web.stream.StreamResource;
import io.switchboard.webhooks.WebhookService;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
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
      "/|/[^/]*\\.(html|js|mjs|css|map|ico|png|svg|txt|json|woff2?)|/(assets|console|docs)/.*|/realtime/ws";

  public RestApplication(DocumentService documents, Hub hub, SessionRegistry sessions, WebhookService webhooks,
                         Settings settings) {
    register(new AbstractBinder() {
      @Override
      protected void configure() {
        bind(documents).to(DocumentService.class);
        bind(hub).to(Hub.class);
        bind(sessions).to(SessionRegistry.class);
        bind(webhooks).to(WebhookService.class);
        bind(new Bodies(settings.maxBodyBytes())).to(Bodies.class);
      }
    });
    register(SseResource.class);
    register(StreamResource.class);
    register(PollResource.class);
    register(WebhooksResource.class);
    register(SseHeadersFilter.class);
    register(SessionsResource.class);
    register(ChannelResource.class);
    register(PresenceResource.class);
    register(ApiIndexResource.class);
    register(CollectionResource.class);
    register(DocumentResource.class);
    register(SchemaResource.class);
    register(EventsResource.class);
    register(ProblemMappers.Domain.class);
    register(ProblemMappers.Web.class);
    register(ProblemMappers.Unexpected.class);
    register(JsonNodeWriter.class);
    register(OptionsFilter.class);
    property(ServletProperties.FILTER_STATIC_CONTENT_REGEX, STATIC_CONTENT);
    property(ServerProperties.WADL_FEATURE_DISABLE, true);
    property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    property(ServerProperties.BV_FEATURE_DISABLE, true);
  }
}

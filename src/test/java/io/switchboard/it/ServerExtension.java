package io.switchboard.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the suite's {@link TestServer}: started by the first test class that asks, shared by
 * every class of the run, stopped when the run ends (JUnit's root store closes it).
 */
public final class ServerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestServer.class || type == Http.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestServer server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TestServer.class, key -> {
      try {
        return TestServer.start();
      } catch (Exception e) {
        throw new IllegalStateException("The server under test did not start", e);
      }
    }, TestServer.class);
    return parameter.getParameter().getType() == TestServer.class ? server : new Http(server.base());
  }
}

/**
 * Typed settings, read once at start-up from defaults, a properties file, environment variables,
 * system properties and (highest) the servlet context's init parameters.
 */
package io.switchboard.config;

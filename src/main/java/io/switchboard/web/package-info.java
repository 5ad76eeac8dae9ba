/**
 * Transports: the only package tree that imports Jakarta REST, WebSocket or Servlet APIs. Each
 * adapter checks the request, decodes it, calls the core and encodes the answer.
 */
package io.switchboard.web;

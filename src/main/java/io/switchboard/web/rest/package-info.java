/**
 * The REST API ({@code /api}, {@code /admin}) as Jersey resources, plus the problem+json mapping
 * of every error and the JSON/XML writers.
 */
package io.switchboard.web.rest;

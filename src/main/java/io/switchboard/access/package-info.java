/**
 * Authorization: the access rules (who may list, read, create, update, delete and subscribe to
 * each collection; who may subscribe, publish and see presence on each channel namespace) and
 * the one place their decisions are made, for the document service, the realtime door, every
 * event a subscriber is sent and every webhook delivery.
 */
package io.switchboard.access;

/**
 * The composition root: {@link io.switchboard.boot.Switchboard} builds the object graph once
 * (settings, database, services, transports); the WAR's listener and the embedded launcher use it.
 */
package io.switchboard.boot;

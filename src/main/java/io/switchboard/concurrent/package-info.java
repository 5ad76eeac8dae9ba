/**
 * Thread factories shared by the realtime machinery (hub lanes, writers, timers, webhook loops):
 * every thread it makes is named and a daemon, so none keeps a stopping server alive.
 */
package io.switchboard.concurrent;

/**
 * The progress line {@code wirestat analyze} draws on stderr for a long capture: whether stderr is a terminal
 * ({@link io.wirestat.capture.progress.TerminalStreams}), the line's text ({@code ProgressLine}) and the daemon
 * thread that redraws it from the figures the readers and shards publish
 * ({@link io.wirestat.capture.progress.ProgressMeter}). Nothing here runs per packet.
 */
package io.wirestat.capture.progress;

/**
 * Detectors: what hurts in production, found on the cold path over a report's connection records as of a point in
 * time (offline the capture's last packet, live the wall clock). {@link io.wirestat.tracker.detect.Detectors#run}
 * runs them all with a {@link io.wirestat.tracker.detect.DetectorConfig} and returns
 * {@link io.wirestat.tracker.detect.Alert}s most severe first; kinds are the stable names of
 * {@link io.wirestat.tracker.detect.AlertKind}.
 */
package io.wirestat.tracker.detect;

package io.wirestat.capture.analysis;

import io.wirestat.capture.file.CaptureFile;
import io.wirestat.capture.file.CaptureFiles;
import io.wirestat.capture.file.ReadResult;
import io.wirestat.capture.filter.PacketFilter;
import io.wirestat.capture.pipeline.TrackerPipeline;
import io.wirestat.capture.pipeline.TrackerShardHandler;
import io.wirestat.tracker.TcpTracker;
import io.wirestat.tracker.state.CapturePoint;
import io.wirestat.tracker.state.HandshakeTiming;
import io.wirestat.tracker.TrackerCounter;
import io.wirestat.tracker.decode.SkipReason;
import io.wirestat.tracker.timeline.TimelineRows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs capture files through the same pipeline the live path uses: file reader, filter and decoder on the
 * producer thread, the Disruptor ring, tracker shards behind it; then collects one report as of the capture's
 * newest timestamp, whose records are rebuilt from the stopped trackers on each pass (streamed, not held). Cold
 * path; one call per analysis.
 */
public final class OfflineAnalyzer
{
    private OfflineAnalyzer()
    {
    }

    /**
     * @param options what to read and how.
     * @return the report; faults inside files are in it, not thrown.
     * @throws IOException if a file cannot be opened at all or is not a capture (usage-level error: exit 2).
     * @throws io.wirestat.capture.filter.FilterException if the filter expression does not compile (exit 2).
     */
    public static AnalysisReport analyze(final AnalysisOptions options) throws IOException
    {
        final PacketFilter filter = PacketFilter.compile(options.filter);
        final List<CaptureFile> files = openAll(options.files, options.standardInput);
        final List<FileFault> faults = new ArrayList<>();
        final TrackerPipeline pipeline = TrackerPipeline.start(options.shards, options.ringSize, options.tracker);
        final SegmentPublisher publisher = new SegmentPublisher(filter, pipeline);
        final AnalysisProgress progress = options.progress != null ? options.progress : new AnalysisProgress();
        progress.tracking(pipeline);
        try
        {
            for (int i = 0; i < files.size(); i++)
            {
                final ReadResult result = files.get(i).readAll(publisher, progress.read());
                if (result.fault() != null)
                {
                    faults.add(new FileFault(options.files.get(i), result.fault()));
                }
            }
            pipeline.drainAndStop();
        }
        finally
        {
            pipeline.close();
            closeAll(files);
        }
        return report(publisher, pipeline, filter, faults);
    }

    private static AnalysisReport report(
        final SegmentPublisher publisher, final TrackerPipeline pipeline, final PacketFilter filter,
        final List<FileFault> faults)
    {
        final long asOf = publisher.lastNanos();
        final List<TcpTracker> trackers = new ArrayList<>();
        final List<TimelineRows> timelines = new ArrayList<>();
        final long[] trackerCounters = new long[TrackerCounter.COUNT];
        for (final TrackerShardHandler shard : pipeline.shards())
        {
            final TcpTracker tracker = shard.tracker();
            trackers.add(tracker);
            timelines.add(tracker.finishTimeline(asOf));
            for (int c = 0; c < TrackerCounter.COUNT; c++)
            {
                trackerCounters[c] += tracker.counter(c);
            }
        }

        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("frames", publisher.frames());
        if (filter.expression() != null)
        {
            counters.put("filtered_out", publisher.filteredOut());
        }
        counters.put("tcp_segments", publisher.decoder().count(SkipReason.OK));
        for (int r = 1; r < SkipReason.COUNT; r++)
        {
            counters.put("skipped_" + SkipReason.name(r), publisher.decoder().count(r));
        }
        for (int c = 0; c < TrackerCounter.COUNT; c++)
        {
            if (c != TrackerCounter.SEGMENTS)
            {
                counters.put(TrackerCounter.name(c), trackerCounters[c]);
            }
        }
        counters.put("tracker_failures", pipeline.exceptions().failures());

        // One capture point from every shard's handshakes, assumed by every shard: the likely states chosen for a
        // connection do not depend on which shard held it.
        final List<HandshakeTiming> timings = new ArrayList<>();
        for (final TcpTracker tracker : trackers)
        {
            timings.add(tracker.handshakeTiming());
        }
        final CapturePoint point = HandshakeTiming.merge(timings);
        for (final HandshakeTiming timing : timings)
        {
            timing.assume(point);
        }

        final List<FileFault> allFaults = new ArrayList<>(faults);
        // The records stay in the trackers' arrays: each pass over the report rebuilds them one at a time.
        return new AnalysisReport(new ShardRecords(trackers, asOf), counters, allFaults, publisher.firstNanos(), asOf,
            TimelineRows.merge(timelines), point);
    }

    private static List<CaptureFile> openAll(final List<Path> paths, final InputStream standardInput)
        throws IOException
    {
        if (paths.isEmpty())
        {
            throw new IOException("no capture file given");
        }
        if (paths.stream().filter(CaptureFiles::isStandardInput).count() > 1)
        {
            throw new IOException("'-' (standard input) given more than once: it can be read only once");
        }
        final List<CaptureFile> files = new ArrayList<>();
        try
        {
            for (final Path path : paths)
            {
                // Opening reads the header: standard input's is taken now, in its place in the order given.
                files.add(standardInput != null && CaptureFiles.isStandardInput(path) ?
                    CaptureFiles.open(standardInput, CaptureFiles.STANDARD_INPUT) : CaptureFiles.open(path));
            }
        }
        catch (final IOException ex)
        {
            closeAll(files);
            throw ex;
        }
        return files;
    }

    private static void closeAll(final List<CaptureFile> files)
    {
        for (final CaptureFile file : files)
        {
            try
            {
                file.close();
            }
            catch (final IOException ignored)
            {
                // Read-only files: nothing was written, so a failing close loses nothing.
            }
        }
    }
}

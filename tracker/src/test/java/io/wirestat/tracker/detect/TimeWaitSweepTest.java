package io.wirestat.tracker.detect;

import io.wirestat.tracker.state.TcpState;
import org.junit.jupiter.api.Test;

import static io.wirestat.tracker.detect.Conn.activity;
import static io.wirestat.tracker.detect.Conn.at;
import static io.wirestat.tracker.detect.Conn.conn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeWaitSweepTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldFindThePeakAndItsFirstTime()
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        sweep.add(0, 10);
        sweep.add(2, 12);
        sweep.add(4, 6);
        sweep.add(11, 20);
        final TimeWaitSweep.Peak peak = sweep.sweep(11);
        assertEquals(3, peak.peak());
        assertEquals(4, peak.peakAtNanos());
        assertEquals(2, peak.atEnd());
    }

    @Test
    void shouldEndAnIntervalBeforeOneStartingAtTheSameTime()
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        sweep.add(0, 10);
        sweep.add(10, 20);
        sweep.add(20, 30);
        assertEquals(1, sweep.sweep(25).peak());
    }

    @Test
    void shouldBeEmptyWithoutIntervals()
    {
        final TimeWaitSweep.Peak peak = new TimeWaitSweep().sweep(0);
        assertEquals(0, peak.peak());
        assertEquals(0, peak.atEnd());
    }

    @Test
    void shouldLastTwoMslWhileStillInTimeWait()
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        final long timeWait = 60 * SECOND;
        // Both still in TIME_WAIT at the end, entered 30 s apart: they overlap.
        sweep.add(conn().client(TcpState.TIME_WAIT, 0).server(TcpState.CLOSED, 0)
            .clientActivity(activity(0, Double.NaN, 0, 0, false, 0)).build(), timeWait, at(50));
        sweep.add(conn().client(TcpState.TIME_WAIT, 30).server(TcpState.CLOSED, 30)
            .clientActivity(activity(30, Double.NaN, 0, 0, false, 30)).build(), timeWait, at(50));
        final TimeWaitSweep.Peak peak = sweep.sweep(at(50));
        assertEquals(2, peak.peak());
        assertEquals(at(30), peak.peakAtNanos());
        assertEquals(2, peak.atEnd());
    }

    @Test
    void shouldClampAtTheRstThatEndedTimeWaitEarly()
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        final long timeWait = 60 * SECOND;
        // Entered TIME_WAIT at 0, reset out of it at 5 s: over before the next one enters at 10 s.
        sweep.add(conn().client(TcpState.CLOSED, 5).server(TcpState.CLOSED, 5)
            .clientActivity(activity(5, Double.NaN, 0, 0, false, 0)).build(), timeWait, at(100));
        sweep.add(conn().client(TcpState.CLOSED, 70).server(TcpState.CLOSED, 10)
            .clientActivity(activity(10, Double.NaN, 0, 0, false, 10)).build(), timeWait, at(100));
        assertEquals(1, sweep.sweep(at(100)).peak());
        assertEquals(0, sweep.sweep(at(100)).atEnd());
    }

    @Test
    void shouldCountASimultaneousCloseOnce()
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        assertTrue(sweep.add(conn().client(TcpState.TIME_WAIT, 1).server(TcpState.TIME_WAIT, 1)
            .clientActivity(activity(1, Double.NaN, 0, 0, false, 1))
            .serverActivity(activity(1, Double.NaN, 0, 0, false, 1)).build(), 60 * SECOND, at(2)));
        assertEquals(1, sweep.sweep(at(2)).peak());
    }

    @Test
    void shouldIgnoreAConnectionThatNeverEnteredTimeWait()
    {
        final TimeWaitSweep sweep = new TimeWaitSweep();
        assertFalse(sweep.add(conn().build(), 60 * SECOND, at(2)));
        assertEquals(0, sweep.size());
    }
}

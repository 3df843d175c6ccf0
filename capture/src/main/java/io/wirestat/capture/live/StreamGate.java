package io.wirestat.capture.live;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A stream source's input as its parser reads it. A thread of its own does the blocking reads into a few reused
 * chunks, so the reading thread never blocks in the stream: while it waits for a chunk it runs the source's
 * {@link #whileWaiting idle work} (answering snapshot requests: the ring has a single producer, only the reading
 * thread may publish). Ends at {@link #stop()}; with {@code follow} waits past the end of the file for more, as
 * {@code tail -f} does. Apart from {@link StreamPacketSource} because the hand-over between the two threads is a job
 * of its own that knows nothing of packets. Threading: {@link #read} on the reading thread; {@link #stop()} from any.
 */
final class StreamGate extends InputStream
{
    /** How long a followed file is left before looking for more data: {@code tail -f}'s cadence, finer. */
    private static final long FOLLOW_POLL_NANOS = 50_000_000L;
    private static final int CHUNKS = 4;
    private static final int CHUNK_SIZE = 1 << 18;
    private static final long WAIT_NANOS = 1_000_000L;

    private final InputStream in;
    private final boolean follow;
    private final ArrayBlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final ArrayBlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread io;
    private Runnable idle;
    private Chunk current;
    private int at;
    private boolean eof;
    private IOException error;
    private volatile boolean stopped;

    /**
     * Starts the I/O thread.
     *
     * @param in     the stream, owned from now on.
     * @param follow whether the end of the stream is waited past, until {@link #stop()}.
     */
    StreamGate(final InputStream in, final boolean follow)
    {
        this.in = in;
        this.follow = follow;
        for (int i = 0; i < CHUNKS; i++)
        {
            free.add(new Chunk());
        }
        io = new Thread(this::pump, "wirestat-stream-io");
        io.setDaemon(true);
        io.start();
    }

    /**
     * @param work what the reading thread does every {@code WAIT_NANOS} while no data has come; none while the
     *             stream's header is read (the source does not exist yet).
     */
    void whileWaiting(final Runnable work)
    {
        idle = work;
    }

    /** The I/O thread: blocking reads of the stream into free chunks, handed over in order. */
    private void pump()
    {
        try
        {
            while (true)
            {
                final Chunk chunk = free.take();
                chunk.error = null;
                int n = -1;
                try
                {
                    while (!stopped)
                    {
                        n = in.read(chunk.bytes, 0, chunk.bytes.length);
                        if (n >= 0 || !follow)
                        {
                            break;
                        }
                        LockSupport.parkNanos(FOLLOW_POLL_NANOS);
                    }
                }
                catch (final IOException ex)
                {
                    chunk.error = ex;
                    n = -1;
                }
                chunk.length = stopped ? -1 : n;
                filled.put(chunk);
                if (chunk.length < 0)
                {
                    return;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the reads: at once, also one blocked in the stream. Thread safe. */
    void stop()
    {
        stopped = true;
        io.interrupt();
        try
        {
            // Wakes a read blocked in a pipe (a FileChannel's read ends when the channel is closed).
            in.close();
        }
        catch (final IOException ignored)
        {
            // Closing to stop: nothing more is read either way.
        }
    }

    @Override
    public int read() throws IOException
    {
        final byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException
    {
        if (len == 0)
        {
            return 0;
        }
        while (current == null || at == current.length)
        {
            if (eof || stopped)
            {
                if (error != null && !stopped)
                {
                    throw error;
                }
                return -1;
            }
            if (current != null)
            {
                free.add(current);
                current = null;
            }
            final Chunk next;
            try
            {
                next = filled.poll(WAIT_NANOS, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return -1;
            }
            if (next == null)
            {
                if (idle != null)
                {
                    idle.run();
                }
                continue;
            }
            if (next.length < 0)
            {
                eof = true;
                error = next.error;
                continue;
            }
            current = next;
            at = 0;
        }
        final int n = Math.min(len, current.length - at);
        System.arraycopy(current.bytes, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public void close() throws IOException
    {
        stopped = true;
        io.interrupt();
        in.close();
    }

    /** A reused buffer the I/O thread fills. */
    private static final class Chunk
    {
        final byte[] bytes = new byte[CHUNK_SIZE];
        int length;
        IOException error;
    }
}

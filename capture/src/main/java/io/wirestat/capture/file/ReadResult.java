package io.wirestat.capture.file;

/**
 * What reading one capture file produced.
 *
 * @param frames number of frames delivered to the handler.
 * @param fault  why reading stopped before the end of the file, or null if the whole file was read.
 */
public record ReadResult(long frames, CaptureFault fault)
{
}

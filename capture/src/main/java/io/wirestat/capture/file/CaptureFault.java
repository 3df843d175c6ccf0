package io.wirestat.capture.file;

/**
 * Where and why reading a capture file stopped early. Everything before {@link #byteOffset()} was delivered.
 *
 * @param byteOffset offset in the (decompressed) file of the record or block that could not be read.
 * @param message    what was wrong, with actual and expected values,
 *                   e.g. "truncated pcap record: 12 bytes (expected: 16)".
 */
public record CaptureFault(long byteOffset, String message)
{
    @Override
    public String toString()
    {
        return message + " at byte offset " + byteOffset;
    }
}

/**
 * Pure-Java capture file reading: classic pcap (either byte order, micro- or nanosecond), pcapng (several sections,
 * interfaces of different link types and snaplens), either gzip-compressed. Open with
 * {@link io.wirestat.capture.file.CaptureFiles#open(java.nio.file.Path)}; frames reach a
 * {@link io.wirestat.capture.file.FrameHandler} without any allocation per frame. Uncompressed files are read
 * into one reused window, as libpcap reads them; damaged content ends a read with a
 * {@link io.wirestat.capture.file.CaptureFault}, never an exception.
 */
package io.wirestat.capture.file;

package io.wirestat.capture.filter;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a capture file with libpcap itself (pcap_open_offline, pcap_next_ex), giving each frame's native header and
 * bytes, so a test can hand libpcap's filter exactly what libpcap read. Test-only: the project has its own reader.
 * <p>
 * Threading: one thread.
 */
final class OfflineCapture implements AutoCloseable
{
    /** What the test needs from libpcap beyond what the production bridge binds. */
    interface Pcap extends Library
    {
        Pointer pcap_open_offline(String path, byte[] errbuf);

        int pcap_next_ex(Pointer pcap, PointerByReference header, PointerByReference data);

        int pcap_datalink(Pointer pcap);

        Pointer pcap_geterr(Pointer pcap);

        void pcap_close(Pointer pcap);
    }

    private static final Pcap PCAP = load();

    private final Pointer handle;
    private final int linkType;
    private final PointerByReference headerRef = new PointerByReference();
    private final PointerByReference dataRef = new PointerByReference();

    OfflineCapture(final Path file) throws IOException
    {
        final byte[] errbuf = new byte[256];
        handle = PCAP.pcap_open_offline(file.toString(), errbuf);
        if (handle == null)
        {
            throw new IOException("pcap_open_offline " + file + ": " + Native.toString(errbuf));
        }
        linkType = fileLinkType(file, PCAP.pcap_datalink(handle));
    }

    private static Pcap load()
    {
        LibPcap.ensureLoaded();
        UnsatisfiedLinkError last = null;
        for (final String name : LibPcap.LIBRARY_NAMES)
        {
            try
            {
                return Native.load(name, Pcap.class);
            }
            catch (final UnsatisfiedLinkError ex)
            {
                last = ex;
            }
        }
        throw last;
    }

    /**
     * The LINKTYPE_* value written in a pcap file's header (what our own reader will report), which is not always
     * libpcap's DLT_* (LINKTYPE_RAW 101 is DLT_RAW 12). For pcapng, libpcap's value.
     */
    private static int fileLinkType(final Path file, final int dlt) throws IOException
    {
        final byte[] head = new byte[24];
        try (var in = Files.newInputStream(file))
        {
            if (in.readNBytes(head, 0, 24) < 24)
            {
                return dlt;
            }
        }
        final ByteBuffer header = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = header.getInt(0);
        if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D)
        {
            return header.getInt(20) & 0xFFFF;
        }
        header.order(ByteOrder.BIG_ENDIAN);
        final int swapped = header.getInt(0);
        if (swapped == 0xA1B2C3D4 || swapped == 0xA1B23C4D)
        {
            return header.getInt(20) & 0xFFFF;
        }
        return dlt;
    }

    /**
     * @return the file's LINKTYPE_* value.
     */
    int linkType()
    {
        return linkType;
    }

    /**
     * @return libpcap's DLT_* for the file.
     */
    int dlt()
    {
        return PCAP.pcap_datalink(handle);
    }

    /**
     * @return true if a frame was read; then {@link #header()} and {@link #data()} point at it.
     */
    boolean next() throws IOException
    {
        final int result = PCAP.pcap_next_ex(handle, headerRef, dataRef);
        if (result == 1)
        {
            return true;
        }
        if (result == -2)
        {
            return false;
        }
        throw new IOException("pcap_next_ex: " + PCAP.pcap_geterr(handle).getString(0));
    }

    Pointer header()
    {
        return headerRef.getValue();
    }

    Pointer data()
    {
        return dataRef.getValue();
    }

    int capturedLength()
    {
        return header().getInt(LibpcapReferenceFilter.HEADER_CAPLEN_OFFSET);
    }

    int wireLength()
    {
        return header().getInt(LibpcapReferenceFilter.HEADER_LEN_OFFSET);
    }

    @Override
    public void close()
    {
        PCAP.pcap_close(handle);
    }

    static String describe(final byte[] bytes, final int length)
    {
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(length, 64); i++)
        {
            hex.append(String.format("%02x", bytes[i]));
        }
        return hex.toString();
    }
}

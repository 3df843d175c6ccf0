package io.wirestat.capture.cli;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * picocli is compiled from its source release with the project (capture/pom.xml), because the class files of its jar
 * are Java 5's, which class-data sharing cannot archive: each run then loaded and verified picocli's classes anew
 * (about 50 ms of a small analysis). If the build ever takes the jar again, this says so.
 */
class PicocliBuildTest
{
    /** Java 17's class-file version, the project's target. */
    private static final int JAVA_17 = 61;

    @Test
    void picocliIsCompiledForJava17LikeTheRestOfTheProgram() throws IOException
    {
        assertEquals(JAVA_17, classFileVersion(picocli.CommandLine.class), "picocli.CommandLine");
        assertEquals(JAVA_17, classFileVersion(picocli.CommandLine.Model.CommandSpec.class), "CommandSpec");
        assertEquals(JAVA_17, classFileVersion(WirestatCli.class), "wirestat's own classes");
    }

    private static int classFileVersion(final Class<?> type) throws IOException
    {
        final String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource))
        {
            assertNotNull(in, resource);
            final DataInputStream data = new DataInputStream(in);
            assertEquals(0xCAFEBABE, data.readInt(), "a class file");
            data.readUnsignedShort(); // minor version
            return data.readUnsignedShort();
        }
    }
}

package io.wirestat.capture.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code --version}: the project version from the {@code pom.properties} Maven packs into the jar (absent when
 * running from {@code target/classes}), and the JVM. Stateless; thread safe.
 */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    private static final String POM_PROPERTIES = "/META-INF/maven/io.wirestat/wirestat-capture/pom.properties";

    @Override
    public String[] getVersion()
    {
        return new String[]
        {
            "wirestat " + projectVersion(),
            "JVM: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }

    /** @return the version, or {@code (development build)} outside a packaged jar. */
    static String projectVersion()
    {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES))
        {
            if (in != null)
            {
                final Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "(unknown version)");
            }
        }
        catch (final IOException ex)
        {
            // An unreadable resource in our own jar is not worth failing --version for.
            return "(unknown version)";
        }
        return "(development build)";
    }
}

package io.wirestat.capture.report.prometheus;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds one exposition in Prometheus's text format, version 0.0.4 (what every Prometheus, node_exporter's textfile
 * collector and {@code promtool check metrics} read): for each family a {@code # HELP} and a {@code # TYPE} line, then
 * its samples, label values escaped as the format says. Refuses what the format forbids (a family declared twice, a
 * sample outside its family, bad names) with an {@link IllegalStateException} or {@link IllegalArgumentException}:
 * those are programming errors, not input faults. Cold path: one exposition per refresh or per analysis.
 * Not thread safe; build, take {@link #text()}, discard.
 */
public final class PrometheusTextWriter
{
    /** The content type of this format, for HTTP. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder text = new StringBuilder(8192);
    private final Set<String> families = new HashSet<>();
    private String family;
    private String type;

    /**
     * Starts a family: its HELP and TYPE lines.
     *
     * @param name metric name; a counter's ends in {@code _total}, as the samples are named.
     * @param type {@code counter} or {@code gauge}.
     * @param help one line for people.
     * @return this.
     */
    public PrometheusTextWriter family(final String name, final String type, final String help)
    {
        if (!METRIC_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        if (!"counter".equals(type) && !"gauge".equals(type))
        {
            throw new IllegalArgumentException("only counters and gauges are written: " + type);
        }
        if ("counter".equals(type) && !name.endsWith("_total"))
        {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        if (!families.add(name))
        {
            throw new IllegalStateException("family declared twice: " + name);
        }
        family = name;
        this.type = type;
        text.append("# HELP ").append(name).append(' ');
        escapeHelp(help);
        text.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /**
     * A sample of the current family.
     *
     * @param value       the value; integral values are written without a fraction.
     * @param labelsAndValues label name, value, name, value, ...
     * @return this.
     */
    public PrometheusTextWriter sample(final double value, final String... labelsAndValues)
    {
        if (family == null)
        {
            throw new IllegalStateException("sample before any family");
        }
        if (labelsAndValues.length % 2 != 0)
        {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        if ("counter".equals(type) && !(value >= 0))
        {
            throw new IllegalArgumentException(family + ": a counter is never negative: " + value);
        }
        text.append(family);
        if (labelsAndValues.length > 0)
        {
            text.append('{');
            for (int i = 0; i < labelsAndValues.length; i += 2)
            {
                final String label = labelsAndValues[i];
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__"))
                {
                    throw new IllegalArgumentException("not a label name: " + label);
                }
                if (i > 0)
                {
                    text.append(',');
                }
                text.append(label).append("=\"");
                escapeLabelValue(labelsAndValues[i + 1]);
                text.append('"');
            }
            text.append('}');
        }
        text.append(' ');
        formatValue(value);
        text.append('\n');
        return this;
    }

    /** @return the exposition so far. */
    public String text()
    {
        return text.toString();
    }

    private void formatValue(final double value)
    {
        if (Double.isNaN(value))
        {
            text.append("NaN");
        }
        else if (Double.isInfinite(value))
        {
            text.append(value > 0 ? "+Inf" : "-Inf");
        }
        else if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            text.append((long)value);
        }
        else
        {
            // Plain digits, not Java's 1.795422070323287E9: what people and other parsers expect to read.
            text.append(new BigDecimal(Double.toString(value)).toPlainString());
        }
    }

    /** HELP text: backslash and line feed are escaped. */
    private void escapeHelp(final String help)
    {
        for (int i = 0; i < help.length(); i++)
        {
            final char c = help.charAt(i);
            if (c == '\\')
            {
                text.append("\\\\");
            }
            else if (c == '\n')
            {
                text.append("\\n");
            }
            else
            {
                text.append(c);
            }
        }
    }

    /** Label values: backslash, double quote and line feed are escaped. */
    private void escapeLabelValue(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '\\')
            {
                text.append("\\\\");
            }
            else if (c == '"')
            {
                text.append("\\\"");
            }
            else if (c == '\n')
            {
                text.append("\\n");
            }
            else
            {
                text.append(c);
            }
        }
    }
}

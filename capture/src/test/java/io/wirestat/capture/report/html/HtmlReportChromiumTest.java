package io.wirestat.capture.report.html;

import io.wirestat.capture.cli.WirestatCli;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code --html} report of real kernel captures, looked at in headless Chromium as a person would open it: no
 * console error, no uncaught exception, no network request but the file itself; the charts drawn (SVG of non-zero
 * size with areas for the states that occur, their names on the page), every alert sample's timeline (state bands
 * and packet ticks), the connection table filtered by ss state words, zoom by dragging; and a screenshot saved
 * under target/html-report/.
 */
final class HtmlReportChromiumTest
{
    private static final Path KERNEL = Path.of("..", "replay-fixtures", "captures", "kernel");
    private static final Path OUT = Path.of("target", "html-report");

    @Test
    void shouldRenderTheDemoReportWithChartsAlertTimelinesAndTable() throws Exception
    {
        final Path page = report("demo", KERNEL.resolve("demo.pcap"));
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final String url = page.toUri().toString();
            browser.open(url);
            assertQuiet(browser, url);
            assertEquals("true", browser.evaluate("document.body.getAttribute('data-rendered')"));

            for (final String chart : List.of("chart-client", "chart-server", "chart-time-wait"))
            {
                final Map<?, ?> box = (Map<?, ?>)browser.evaluate("(() => { const r = document.querySelector('#" +
                    chart + " svg').getBoundingClientRect(); return {w: r.width, h: r.height}; })()");
                assertTrue(((Number)box.get("w")).doubleValue() > 500 && ((Number)box.get("h")).doubleValue() > 100,
                    chart + " drew no box: " + box);
            }
            // demo.pcap's client side holds SYN_SENT, ESTABLISHED, FIN_WAIT_2 and, at the end, TIME_WAIT; the
            // server side UNKNOWN, ESTABLISHED and CLOSE_WAIT: one filled area each, with a path that draws.
            assertEquals(List.of("SYN_SENT", "ESTABLISHED", "FIN_WAIT_2", "TIME_WAIT"), browser.evaluate(
                "[...document.querySelectorAll('#chart-client path[data-state]')].filter(p => p.getBBox().width > 0)"
                    + ".map(p => p.dataset.state)"));
            assertEquals(List.of("UNKNOWN", "ESTABLISHED", "CLOSE_WAIT"), browser.evaluate(
                "[...document.querySelectorAll('#chart-server path[data-state]')].filter(p => p.getBBox().width > 0)"
                    + ".map(p => p.dataset.state)"));
            final String legend = (String)browser.evaluate("document.querySelector('#chart-server .legend').textContent");
            assertTrue(legend.contains("CLOSE_WAIT") && legend.contains("ESTABLISHED"), legend);
            assertEquals(1L, browser.evaluate("document.querySelectorAll('#chart-time-wait path.time-wait-peak').length"));
            assertEquals(3L, browser.evaluate("document.querySelectorAll('#chart-client .alert-marker').length"));

            // Every alert's samples have a timeline: bands for both endpoints, ticks for the packets.
            final long samples = (Long)browser.evaluate("JSON.parse(document.getElementById('data').textContent)"
                + ".alerts.reduce((n, a) => n + a.samples.length, 0)");
            assertTrue(samples >= 3, "samples: " + samples);
            assertEquals(samples, browser.evaluate("document.querySelectorAll('svg.connection-timeline').length"));
            final List<?> perTimeline = (List<?>)browser.evaluate("[...document.querySelectorAll("
                + "'svg.connection-timeline')].map(s => [s.querySelectorAll('rect.state-band').length, "
                + "s.querySelectorAll('line.packet-tick').length, s.getBoundingClientRect().width])");
            for (final Object t : perTimeline)
            {
                final List<?> counts = (List<?>)t;
                assertTrue(((Number)counts.get(0)).longValue() >= 2 && ((Number)counts.get(1)).longValue() >= 1 &&
                    ((Number)counts.get(2)).doubleValue() > 500, "a sample timeline without bands or ticks: " + t);
            }
            // The black-holed SYN's sample: SYN_SENT on the client's band, its 10 SYNs as ticks, Zeek's "S".
            final String text = ((String)browser.evaluate("document.body.innerText")).replaceAll("\\s+", " ");
            assertTrue(text.contains("198.18.0.1:43974 -> 198.18.0.2:7000 Zeek history: S (10 packets)"), text);
            assertEquals(10L, browser.evaluate("[...document.querySelectorAll('svg.connection-timeline')].find(s => "
                + "s.querySelector('title').textContent.includes(':43974')).querySelectorAll('line.packet-tick').length"));

            // The table: connections closed on both sides hidden by default, as the text report hides them (45 of
            // 46 shown, as `wirestat analyze demo.pcap` says); 'all' shows all 46; 'close-wait' (either side) the 12
            // of the leaking service.
            assertEquals(45L, rows(browser));
            browser.evaluate("document.querySelector('button[data-group=all]').click()");
            assertEquals(46L, rows(browser));
            browser.evaluate("document.querySelector('button[data-group=bucket]').click(); "
                + "document.querySelector('button[data-state=time-wait]').click(); "
                + "document.querySelector('button[data-state=close-wait]').click()");
            assertEquals(12L, rows(browser));
            browser.evaluate("[...document.querySelectorAll('#connections th')].find(h => h.textContent === "
                + "'Client').click()");
            assertEquals("198.18.0.1:57790", browser.evaluate(
                "document.querySelector('#connections tbody tr td').textContent"));

            // Zoom: a drag across the client chart narrows every chart's time axis.
            final String before = axis(browser);
            drag(browser, 0.30, 0.45);
            final String after = axis(browser);
            assertNotEquals(before, after, "dragging did not zoom");
            assertQuiet(browser, url);
            browser.screenshot(OUT.resolve("demo.png"));
            assertTrue(Files.size(OUT.resolve("demo.png")) > 10_000);
        }
    }

    @Test
    void shouldRenderAPileUpWithItsAlert() throws Exception
    {
        final Path page = report("close_wait_pileup", KERNEL.resolve("close_wait_pileup.pcap"), "--close-wait-after",
            "1s", "--timeline", "100ms");
        try (HeadlessChromium browser = HeadlessChromium.start())
        {
            final String url = page.toUri().toString();
            browser.open(url);
            assertQuiet(browser, url);
            final String text = (String)browser.evaluate("document.body.innerText");
            assertTrue(text.contains("stuck_close_wait") && text.contains("1 critical"), text);
            // 300 connections opened, then closed by their clients only: the servers' CLOSE_WAIT piles up.
            final List<?> drawn = (List<?>)browser.evaluate(
                "[...document.querySelectorAll('#chart-server path[data-state]')]"
                    + ".filter(p => p.getBBox().height > 0).map(p => p.dataset.state)");
            assertTrue(drawn.contains("CLOSE_WAIT") && drawn.contains("ESTABLISHED"), String.valueOf(drawn));
            assertEquals(300L, browser.evaluate("Math.max(...JSON.parse(document.getElementById('data').textContent)"
                + ".timeline.server[7])"));
            assertTrue((Long)browser.evaluate("document.querySelectorAll('svg.connection-timeline').length") >= 1);
            browser.screenshot(OUT.resolve("close_wait_pileup.png"));
        }
    }

    private static long rows(final HeadlessChromium browser) throws Exception
    {
        return (Long)browser.evaluate("document.querySelectorAll('#connections tbody tr').length");
    }

    private static String axis(final HeadlessChromium browser) throws Exception
    {
        return (String)browser.evaluate("[...document.querySelectorAll('#chart-server .axis text')]"
            + ".map(t => t.textContent).join(' ')");
    }

    private static void drag(final HeadlessChromium browser, final double from, final double to) throws Exception
    {
        final Map<?, ?> r = (Map<?, ?>)browser.evaluate("(() => { const s = document.querySelector('#chart-client svg');"
            + " s.scrollIntoView(); const r = s.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, "
            + "h: r.height}; })()");
        final double x = ((Number)r.get("x")).doubleValue();
        final double w = ((Number)r.get("w")).doubleValue();
        final double y = ((Number)r.get("y")).doubleValue() + ((Number)r.get("h")).doubleValue() / 2;
        browser.call("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x + w * from, "y", y,
            "button", "left", "clickCount", 1));
        browser.call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x + w * to, "y", y,
            "button", "left"));
        browser.call("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x + w * to, "y", y,
            "button", "left", "clickCount", 1));
    }

    /** No console message of level error, no exception, no error log entry, no request but the page. */
    private static void assertQuiet(final HeadlessChromium browser, final String url)
    {
        final List<String> problems = new ArrayList<>();
        for (final Map<String, Object> c : browser.events("Runtime.consoleAPICalled"))
        {
            if ("error".equals(c.get("type")) || "assert".equals(c.get("type")) || "warning".equals(c.get("type")))
            {
                problems.add("console " + c.get("type") + ": " + c.get("args"));
            }
        }
        for (final Map<String, Object> e : browser.events("Runtime.exceptionThrown"))
        {
            problems.add("exception: " + e.get("exceptionDetails"));
        }
        for (final Map<String, Object> e : browser.events("Log.entryAdded"))
        {
            final Map<?, ?> entry = (Map<?, ?>)e.get("entry");
            if ("error".equals(entry.get("level")) || "warning".equals(entry.get("level")))
            {
                problems.add("log " + entry.get("level") + ": " + entry.get("text") + " " + entry.get("url"));
            }
        }
        for (final Map<String, Object> e : browser.events("Network.requestWillBeSent"))
        {
            final Map<?, ?> request = (Map<?, ?>)e.get("request");
            if (!url.equals(request.get("url")))
            {
                problems.add("network request: " + request.get("url"));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(browser.events("Network.requestWillBeSent").size() <= 1, "the page was requested more than once");
    }

    private static Path report(final String name, final Path capture, final String... extra) throws Exception
    {
        Files.createDirectories(OUT);
        final Path page = OUT.resolve(name + ".html").toAbsolutePath();
        final List<String> args = new ArrayList<>(List.of("analyze", "--alerts-only", "--html", page.toString()));
        args.addAll(List.of(extra));
        args.add(capture.toString());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = WirestatCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(new String[0]));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.size(page) > 1000);
        // Self-contained: no reference to anything outside the file (the SVG namespace is a name, not a request).
        final String html = Files.readString(page).replace("http://www.w3.org/2000/svg", "");
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("src="),
            "the page refers to something outside itself");
        return page;
    }
}

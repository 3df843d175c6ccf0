package io.wirestat.capture.report.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven over the DevTools protocol from the JDK's WebSocket client: it opens a page,
 * records every console message, uncaught exception, log entry and network request, evaluates script in the page
 * and takes screenshots. The browser runs with a fresh profile and everything that would reach the network off
 * (no component updates, no sync, no QUIC, no background networking); DevTools listens on 127.0.0.1 only, on a
 * port the browser picks. Absent, a test skips saying why, except on CI ({@code CI=true}), where {@code .ci/run}
 * installs the package and its absence is a failure. Not thread safe; one per test, closed after it.
 */
final class HeadlessChromium implements AutoCloseable
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    /** Every event received, in order: method and params. */
    final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private String session;

    private HeadlessChromium(final Process process, final Path profile, final String url)
        throws IOException, InterruptedException
    {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(url), new Listener()).join();
    }

    /** @return the browser binary; skips (fails on CI) when there is none. */
    static Path require()
    {
        Path found = null;
        for (final String name : List.of("chromium", "chromium-browser"))
        {
            for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            {
                final Path p = Path.of(dir, name);
                if (found == null && Files.isExecutable(p))
                {
                    found = p;
                }
            }
        }
        if (found == null && "true".equals(System.getenv("CI")))
        {
            fail("chromium not found on PATH: .ci/run installs the Debian package chromium");
        }
        assumeTrue(found != null, "chromium not found on PATH (apt-get install chromium); skipped");
        return found;
    }

    /**
     * Starts the browser and attaches to a new blank page, with the console, log, runtime and network domains on.
     *
     * @return the browser.
     */
    static HeadlessChromium start() throws Exception
    {
        final Path binary = require();
        final Path profile = Files.createTempDirectory("wirestat-chromium-");
        final List<String> command = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
            "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "--window-size=1280,900", "about:blank");
        final Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final String url = listeningUrl(process);
        final HeadlessChromium browser = new HeadlessChromium(process, profile, url);
        final Map<String, Object> target = browser.call(null, "Target.createTarget", Map.of("url", "about:blank"));
        final Map<String, Object> attached = browser.call(null, "Target.attachToTarget",
            Map.of("targetId", target.get("targetId"), "flatten", true));
        browser.session = (String)attached.get("sessionId");
        for (final String domain : List.of("Runtime", "Log", "Network", "Page"))
        {
            browser.call(domain + ".enable", Map.of());
        }
        return browser;
    }

    private static String listeningUrl(final Process process) throws IOException
    {
        // Chromium says where DevTools listens on stderr; the reader thread keeps draining it after that.
        final BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
            StandardCharsets.UTF_8));
        final CompletableFuture<String> url = new CompletableFuture<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                String line;
                while ((line = err.readLine()) != null)
                {
                    final Matcher m = LISTENING.matcher(line);
                    if (m.find())
                    {
                        url.complete(m.group(1));
                    }
                }
            }
            catch (final IOException ignored)
            {
                // The browser went away: the future below times out or is already complete.
            }
            url.complete(null);
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try
        {
            final String found = url.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (found == null)
            {
                fail("chromium exited without opening DevTools");
            }
            return found;
        }
        catch (final Exception ex)
        {
            process.destroyForcibly();
            throw new IOException("chromium did not open DevTools within " + TIMEOUT_SECONDS + " s", ex);
        }
    }

    /**
     * Navigates the page and waits for its load event.
     *
     * @param url the page.
     */
    void open(final String url) throws Exception
    {
        final int before = events.size();
        call("Page.navigate", Map.of("url", url));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!loadedSince(before))
        {
            if (System.nanoTime() > deadline)
            {
                fail("the page did not load within " + TIMEOUT_SECONDS + " s: " + url);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Reads the events by index: the WebSocket thread keeps appending while this looks, and a sub-list view of a
     * {@link CopyOnWriteArrayList} throws ConcurrentModificationException once the list under it has grown (a CI
     * run failed so).
     */
    private boolean loadedSince(final int from)
    {
        final int to = events.size();
        for (int i = from; i < to; i++)
        {
            if ("Page.loadEventFired".equals(events.get(i).get("method")))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param expression JavaScript evaluated in the page; its value must be JSON-serialisable.
     * @return the value (String, Number, Boolean, List, Map or null).
     */
    Object evaluate(final String expression) throws Exception
    {
        final Map<String, Object> result = call("Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.containsKey("exceptionDetails"))
        {
            fail("script threw in the page: " + result.get("exceptionDetails"));
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> value = (Map<String, Object>)result.get("result");
        return value.get("value");
    }

    /**
     * @param file where to save a PNG of the whole page.
     */
    void screenshot(final Path file) throws Exception
    {
        final Number height = (Number)evaluate("document.documentElement.scrollHeight");
        call("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", Math.min(16000, height.intValue()),
            "deviceScaleFactor", 1, "mobile", false));
        final Map<String, Object> shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, java.util.Base64.getDecoder().decode((String)shot.get("data")));
        call("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** @return events of one method, in order. */
    List<Map<String, Object>> events(final String method)
    {
        final List<Map<String, Object>> found = new ArrayList<>();
        for (final Map<String, Object> e : events)
        {
            if (method.equals(e.get("method")))
            {
                @SuppressWarnings("unchecked")
                final Map<String, Object> params = (Map<String, Object>)e.get("params");
                found.add(params);
            }
        }
        return found;
    }

    Map<String, Object> call(final String method, final Map<String, Object> params) throws Exception
    {
        return call(session, method, params);
    }

    private Map<String, Object> call(final String sessionId, final String method, final Map<String, Object> params)
        throws Exception
    {
        final int id = ids.incrementAndGet();
        final CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        final StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text))
        {
            final Map<String, Object> message = new LinkedHashMap<>();
            message.put("id", id);
            if (sessionId != null)
            {
                message.put("sessionId", sessionId);
            }
            message.put("method", method);
            message.put("params", params);
            write(g, message);
        }
        socket.sendText(text.toString(), true).join();
        final Map<String, Object> reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (reply.containsKey("error"))
        {
            fail(method + " failed: " + reply.get("error"));
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> result = (Map<String, Object>)reply.getOrDefault("result", Map.of());
        return result;
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        try
        {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
        catch (final Exception ignored)
        {
            // The browser is stopped below either way.
        }
        // Chromium's helpers (network service, renderers) outlive its main process by a moment and still write in
        // the profile: taken before it is stopped, since once it is gone they are no longer its descendants.
        final List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (final ProcessHandle helper : helpers)
        {
            try
            {
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
            catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e)
            {
                helper.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(profile))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener
    {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final String text = partial.toString();
                partial.setLength(0);
                try
                {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> message = (Map<String, Object>)read(text);
                    final Object id = message.get("id");
                    if (id != null)
                    {
                        final CompletableFuture<Map<String, Object>> f = pending.remove(((Number)id).intValue());
                        if (f != null)
                        {
                            f.complete(message);
                        }
                    }
                    else
                    {
                        events.add(message);
                    }
                }
                catch (final IOException ex)
                {
                    events.add(Map.of("method", "wirestat.unparsable", "params", Map.of("text", text)));
                }
            }
            ws.request(1);
            return null;
        }
    }

    static Object read(final String text) throws IOException
    {
        try (JsonParser p = JSON.createParser(text))
        {
            p.nextToken();
            return value(p);
        }
    }

    private static Object value(final JsonParser p) throws IOException
    {
        final JsonToken t = p.currentToken();
        switch (t)
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY)
                {
                    list.add(value(p));
                }
                return list;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            default:
                return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(final JsonGenerator g, final Object v) throws IOException
    {
        if (v instanceof Map)
        {
            g.writeStartObject();
            for (final Map.Entry<String, Object> e : ((Map<String, Object>)v).entrySet())
            {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        }
        else if (v instanceof List)
        {
            g.writeStartArray();
            for (final Object o : (List<Object>)v)
            {
                write(g, o);
            }
            g.writeEndArray();
        }
        else if (v instanceof String)
        {
            g.writeString((String)v);
        }
        else if (v instanceof Boolean)
        {
            g.writeBoolean((Boolean)v);
        }
        else if (v instanceof Integer || v instanceof Long)
        {
            g.writeNumber(((Number)v).longValue());
        }
        else if (v instanceof Number)
        {
            g.writeNumber(((Number)v).doubleValue());
        }
        else
        {
            g.writeNull();
        }
    }

    /** @return an unmodifiable view of the events, for messages. */
    List<Map<String, Object>> all()
    {
        return Collections.unmodifiableList(events);
    }
}

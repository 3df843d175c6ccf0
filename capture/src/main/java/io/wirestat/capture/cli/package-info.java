/**
 * The {@code wirestat} command line: picocli commands, option converters and the report renderers (table and
 * JSONL). Everything here is cold path: it runs once per invocation, before or after the packet pipeline.
 * <p>
 * Layout: {@link io.wirestat.capture.cli.WirestatCli} (entry points) builds the root
 * {@link io.wirestat.capture.cli.WirestatCommand} and adds one object per subcommand
 * ({@link io.wirestat.capture.cli.AnalyzeCommand}); options shared by subcommands live in mixins
 * ({@link io.wirestat.capture.cli.PipelineOptions}, {@link io.wirestat.capture.cli.SelectionOptions}) so that
 * {@code check} and {@code live} can reuse them.
 */
package io.wirestat.capture.cli;

package io.wirestat.capture.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The root command, {@code wirestat}: help, version, and the subcommands (added by {@link WirestatCli}, so that
 * each can be given its collaborators). Run without a subcommand it is a usage error.
 * Not thread safe; one instance per command line.
 */
@Command(
    name = "wirestat",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    headerHeading = "%n",
    header = "netstat for the wire: both endpoints' TCP state, inferred from packets.",
    descriptionHeading = "%n",
    description = {
        "wirestat reads TCP from packet captures (or a live interface) and infers, for every connection, the TCP state of both "
            + "endpoints as each endpoint's kernel would hold it (LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, "
            + "FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED, or UNKNOWN when the wire "
            + "has said nothing about an endpoint yet). It speaks netstat's and ss's vocabulary: state names, "
            + "state groups and the connection table are theirs, seen from both ends at once.",
    },
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    subcommands = CommandLine.HelpCommand.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  wirestat analyze trace.pcap",
        "  wirestat analyze --state close-wait,time-wait --port 8080 trace.pcapng",
        "  wirestat analyze --format jsonl part1.pcap part2.pcap > connections.jsonl",
        "  wirestat analyze --alerts-only --fail-on stuck_close_wait,syn_flood trace.pcap",
        "  wirestat check --update incidents/ && wirestat check incidents/",
        "  sudo wirestat live -i eth0 -f 'tcp port 443'",
        "  wirestat help analyze",
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class WirestatCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: wirestat analyze FILE...)");
    }
}

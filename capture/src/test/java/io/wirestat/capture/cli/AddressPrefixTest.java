package io.wirestat.capture.cli;

import io.wirestat.tracker.report.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressPrefixTest
{
    @Test
    void shouldMatchASingleIpv4AddressExactly()
    {
        final AddressPrefix prefix = AddressPrefix.parse("10.0.0.1");
        assertTrue(prefix.matches(Endpoint.parse("10.0.0.1", 80)));
        assertFalse(prefix.matches(Endpoint.parse("10.0.0.2", 80)));
    }

    @Test
    void shouldMatchAnIpv4CidrPrefix()
    {
        final AddressPrefix prefix = AddressPrefix.parse("10.0.0.0/8");
        assertTrue(prefix.matches(Endpoint.parse("10.255.3.4", 1)));
        assertFalse(prefix.matches(Endpoint.parse("11.0.0.1", 1)));
        assertTrue(AddressPrefix.parse("192.168.1.77/24").matches(Endpoint.parse("192.168.1.1", 1)));
        assertFalse(AddressPrefix.parse("192.168.1.0/25").matches(Endpoint.parse("192.168.1.200", 1)));
    }

    @Test
    void shouldMatchEveryIpv4AddressButNoIpv6ForSlashZero()
    {
        final AddressPrefix prefix = AddressPrefix.parse("0.0.0.0/0");
        assertTrue(prefix.matches(Endpoint.parse("203.0.113.9", 1)));
        assertFalse(prefix.matches(Endpoint.parse("2001:db8::1", 1)));
    }

    @Test
    void shouldMatchIpv6AddressesAndPrefixes()
    {
        assertTrue(AddressPrefix.parse("::1").matches(Endpoint.parse("::1", 1)));
        assertTrue(AddressPrefix.parse("[::1]").matches(Endpoint.parse("0:0::1", 1)));
        assertFalse(AddressPrefix.parse("::1").matches(Endpoint.parse("::2", 1)));
        assertTrue(AddressPrefix.parse("fd00::/8").matches(Endpoint.parse("fdab:1::7", 1)));
        assertFalse(AddressPrefix.parse("fd00::/16").matches(Endpoint.parse("fdab:1::7", 1)));
        assertTrue(AddressPrefix.parse("2001:db8:0:1::/64").matches(Endpoint.parse("2001:db8:0:1:ffff::1", 1)));
        assertFalse(AddressPrefix.parse("2001:db8:0:1::/64").matches(Endpoint.parse("2001:db8:0:2::1", 1)));
        assertTrue(AddressPrefix.parse("2001:db8::1:0:0/100").matches(Endpoint.parse("2001:db8::1:f:1", 1)));
        assertTrue(AddressPrefix.parse("::/0").matches(Endpoint.parse("10.0.0.1", 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "300.1.1.1", ""})
    void shouldRejectWhatIsNotAnAddressOrPrefix(final String text)
    {
        assertThrows(IllegalArgumentException.class, () -> AddressPrefix.parse(text));
    }
}

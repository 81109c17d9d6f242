using OnLan.Configuration;
using OnLan.Wire;

namespace OnLan.Configuration.Tests;

public class VpnStatementTests
{
    private const string Ports = """
        set interfaces wan port wan0
        set interfaces wan address 203.0.113.1/24
        set interfaces lan port lan0
        set interfaces lan address 198.18.0.1/24

        """;

    private const string Vpn = """
        set vpn local-id gw.onlan.test
        set vpn certificate /data/certs/gw.pem /data/certs/gw.key
        set vpn ca /data/certs/ca.pem
        set vpn pool range 198.18.0.200-198.18.0.220
        set vpn pool range 198.18.0.230-198.18.0.231
        set vpn dhcp-option dns 198.18.0.53
        set vpn dhcp-option dns 198.18.0.54
        set vpn dhcp-option domain-name Office.OnLan.test
        set vpn user client@onlan.test psk "correct horse battery"
        set vpn user "CN=laptop, O=OnLan" psk sesame-sesame
        set vpn legacy modp1024 enable
        set vpn lifetime 3600
        set vpn pool exclude 198.18.0.205
        set vpn pool exclude 198.18.0.210-198.18.0.212
        set vpn pool release-grace 0
        set vpn pool conflict-hold 900
        set vpn dhcp-option subnet-mask 255.255.255.0
        set vpn dhcp-option router 198.18.0.1
        set vpn dhcp-option router 198.18.0.2
        set vpn dhcp-option domain-search Office.OnLan.test
        set vpn dhcp-option domain-search onlan.test
        set vpn dhcp-option classless-routes 10.0.0.0/8
        set vpn dhcp-option classless-routes 192.0.2.0/24 next-hop 198.18.0.2
        set vpn dhcp-option classless-routes 0.0.0.0/0
        set vpn dhcp-option lease-time 7200
        """;

    [Fact]
    public void Vpn_statements_named_in_the_contract_are_read_into_the_model()
    {
        var result = ConfigurationParser.Parse(Ports + Vpn);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var vpn = result.Configuration!.Vpn;
        Assert.Equal("gw.onlan.test", vpn.LocalId);
        Assert.Equal("/data/certs/gw.pem", vpn.CertificatePath);
        Assert.Equal("/data/certs/gw.key", vpn.KeyPath);
        Assert.Equal("/data/certs/ca.pem", vpn.CaPath);
        Assert.Equal([Range("198.18.0.200", "198.18.0.220"), Range("198.18.0.230", "198.18.0.231")], vpn.PoolRanges);
        Assert.Equal([Ipv4Address.Parse("198.18.0.53"), Ipv4Address.Parse("198.18.0.54")], vpn.DnsServers);
        Assert.Equal("office.onlan.test", vpn.DomainName);
        Assert.Equal("correct horse battery", vpn.Users["client@onlan.test"].PreSharedKey);
        Assert.Equal("sesame-sesame", vpn.Users["CN=laptop, O=OnLan"].PreSharedKey);
        Assert.True(vpn.LegacyModp1024);
        Assert.Equal(3600, vpn.LifetimeSeconds);
    }

    [Fact]
    public void Dhcp_option_and_pool_statements_are_read_into_the_model()
    {
        var result = ConfigurationParser.Parse(Ports + Vpn);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var vpn = result.Configuration!.Vpn;
        Assert.Equal([Range("198.18.0.205", "198.18.0.205"), Range("198.18.0.210", "198.18.0.212")], vpn.PoolExclusions);
        Assert.Equal(0, vpn.PoolReleaseGraceSeconds);
        Assert.Equal(900, vpn.PoolConflictHoldSeconds);
        Assert.Null(vpn.PoolDhcpServer);
        Assert.Equal(Ipv4Address.Parse("255.255.255.0"), vpn.SubnetMask);
        Assert.Equal([Ipv4Address.Parse("198.18.0.1"), Ipv4Address.Parse("198.18.0.2")], vpn.Routers);
        Assert.Equal(["office.onlan.test", "onlan.test"], vpn.DomainSearch);
        Assert.Equal(
        [
            new VpnClasslessRoute(Network("10.0.0.0/8"), null),
            new VpnClasslessRoute(Network("192.0.2.0/24"), Ipv4Address.Parse("198.18.0.2")),
            new VpnClasslessRoute(Network("0.0.0.0/0"), null),
        ], vpn.ClasslessRoutes);
        Assert.Equal(7200, vpn.LeaseTimeSeconds);
    }

    [Fact]
    public void Dhcp_option_and_pool_settings_have_their_defaults_when_unset()
    {
        var vpn = ConfigurationParser.Parse(Ports + Vpn.Split('\n')[..12].Aggregate("", (text, line) => text + line + "\n")).Configuration!.Vpn;

        Assert.Empty(vpn.PoolExclusions);
        Assert.Equal(60, vpn.PoolReleaseGraceSeconds);
        Assert.Equal(600, vpn.PoolConflictHoldSeconds);
        Assert.Null(vpn.PoolDhcpServer);
        Assert.Null(vpn.SubnetMask);
        Assert.Empty(vpn.Routers);
        Assert.Empty(vpn.DomainSearch);
        Assert.Empty(vpn.ClasslessRoutes);
        Assert.Null(vpn.LeaseTimeSeconds);
    }

    [Fact]
    public void Later_classless_route_statement_for_the_same_network_replaces_its_next_hop_in_place()
    {
        var result = ConfigurationParser.Parse(Ports + Vpn + "\n" +
            "set vpn dhcp-option classless-routes 10.0.0.0/8 next-hop 198.18.0.3\n" +
            "set vpn dhcp-option classless-routes 192.0.2.0/24\n");

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal(
        [
            new VpnClasslessRoute(Network("10.0.0.0/8"), Ipv4Address.Parse("198.18.0.3")),
            new VpnClasslessRoute(Network("192.0.2.0/24"), null),
            new VpnClasslessRoute(Network("0.0.0.0/0"), null),
        ], result.Configuration!.Vpn.ClasslessRoutes);
    }

    [Fact]
    public void Dhcp_option_and_pool_statements_are_written_back_as_configured()
    {
        string text = ConfigurationWriter.Write(ConfigurationParser.Parse(Ports + Vpn).Configuration!);

        Assert.Contains("set vpn pool exclude 198.18.0.205\n", text);
        Assert.Contains("set vpn pool exclude 198.18.0.210-198.18.0.212\n", text);
        Assert.Contains("set vpn pool release-grace 0\n", text);
        Assert.Contains("set vpn pool conflict-hold 900\n", text);
        Assert.Contains("set vpn dhcp-option subnet-mask 255.255.255.0\n", text);
        Assert.Contains("set vpn dhcp-option router 198.18.0.1\nset vpn dhcp-option router 198.18.0.2\n", text);
        Assert.Contains("set vpn dhcp-option domain-search office.onlan.test\nset vpn dhcp-option domain-search onlan.test\n", text);
        Assert.Contains("set vpn dhcp-option classless-routes 10.0.0.0/8\n" +
            "set vpn dhcp-option classless-routes 192.0.2.0/24 next-hop 198.18.0.2\n" +
            "set vpn dhcp-option classless-routes 0.0.0.0/0\n", text);
        Assert.Contains("set vpn dhcp-option lease-time 7200\n", text);
    }

    [Fact]
    public void Default_pool_timers_are_not_written()
    {
        var configuration = ConfigurationParser.Parse(Ports + Vpn.Replace("set vpn pool release-grace 0", "set vpn pool release-grace 60")
            .Replace("set vpn pool conflict-hold 900", "")).Configuration!;

        string text = ConfigurationWriter.Write(configuration);

        Assert.DoesNotContain("release-grace", text);
        Assert.DoesNotContain("conflict-hold", text);
    }

    [Fact]
    public void Pool_leased_from_a_lan_dhcp_server_needs_no_ranges_and_round_trips()
    {
        string vpn = string.Join('\n', Vpn.Split('\n').Where(line => !line.StartsWith("set vpn pool range"))) +
            "\nset vpn pool source dhcp-server 198.18.0.10\n";

        var result = ConfigurationParser.Parse(Ports + vpn);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Empty(result.Configuration!.Vpn.PoolRanges);
        Assert.Equal(Ipv4Address.Parse("198.18.0.10"), result.Configuration.Vpn.PoolDhcpServer);
        string text = ConfigurationWriter.Write(result.Configuration);
        Assert.Contains("set vpn pool source dhcp-server 198.18.0.10\n", text);
        Assert.Equal(result.Configuration, ConfigurationParser.Parse(text).Configuration);
    }

    [Theory]
    [InlineData("set vpn pool exclude 198.18.0.5")]
    [InlineData("set vpn pool release-grace 61")]
    [InlineData("set vpn pool conflict-hold 601")]
    [InlineData("set vpn pool source dhcp-server 198.18.0.11")]
    [InlineData("set vpn dhcp-option subnet-mask 255.255.0.0")]
    [InlineData("set vpn dhcp-option router 198.18.0.3")]
    [InlineData("set vpn dhcp-option domain-search other.test")]
    [InlineData("set vpn dhcp-option classless-routes 172.16.0.0/12")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0/8 next-hop 198.18.0.4")]
    [InlineData("set vpn dhcp-option lease-time 7201")]
    public void Every_new_setting_takes_part_in_equality(string statement)
    {
        var before = ConfigurationParser.Parse(Ports + Vpn).Configuration!;

        var after = ConfigurationParser.ApplyStatement(before, statement, out var error);

        Assert.Null(error);
        Assert.NotEqual(before, after);
        Assert.Equal(after, ConfigurationParser.Parse(ConfigurationWriter.Write(after)).Configuration);
    }

    [Theory]
    [InlineData("set vpn dhcp-option subnet-mask 255.0.255.0", "255.0.255.0", "not a contiguous subnet mask")]
    [InlineData("set vpn dhcp-option subnet-mask 0.0.0.0", "0.0.0.0", "not a contiguous subnet mask")]
    [InlineData("set vpn dhcp-option subnet-mask 255.255.255", "255.255.255", "expected a subnet mask")]
    [InlineData("set vpn dhcp-option router 224.0.0.1", "224.0.0.1", "not a unicast host address")]
    [InlineData("set vpn dhcp-option router gw", "gw", "expected an IPv4 address")]
    [InlineData("set vpn dhcp-option domain-search -bad.test", "-bad.test", "not a valid domain label")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.1/8", "10.0.0.1/8", "has host bits set")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0", "10.0.0.0", "expected a network with prefix length")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0/8 next-hop 300.1.1.1", "300.1.1.1", "expected an IPv4 address")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0/8 via 198.18.0.2", "via", "unknown word 'via' (expected one of: next-hop)")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0/8 next-hop 198.18.0.2 extra", "extra", "unexpected 'extra'")]
    [InlineData("set vpn dhcp-option lease-time 59", "59", "from 60 to 604800")]
    [InlineData("set vpn dhcp-option lease-time 1h", "1h", "from 60 to 604800")]
    [InlineData("set vpn pool exclude 198.18.0.9-198.18.0.1", "198.18.0.9-198.18.0.1", "first <= last")]
    [InlineData("set vpn pool exclude 198.18.0.256", "198.18.0.256", "or a range first-last")]
    [InlineData("set vpn pool exclude 255.255.255.255", "255.255.255.255", "not a unicast host address")]
    [InlineData("set vpn pool release-grace -1", "-1", "from 0 to 604800")]
    [InlineData("set vpn pool conflict-hold 10", "10", "from 60 to 604800")]
    [InlineData("set vpn pool source dhcp-server 0.0.0.0", "0.0.0.0", "not a unicast host address")]
    [InlineData("set vpn pool source ldap 198.18.0.10", "ldap", "unknown word 'ldap' (expected one of: dhcp-server)")]
    public void Bad_dhcp_option_or_pool_value_is_refused_with_line_column_and_reason(string statement, string word, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Vpn + "\n" + statement + "\n");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal((Ports + Vpn).Count(c => c == '\n') + 2, error.Line);
        Assert.Equal(statement.IndexOf(word, StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0/8 next-hop", "needs a value <a.b.c.d>")]
    [InlineData("set vpn pool source", "must be followed by one of: dhcp-server")]
    [InlineData("set vpn pool exclude", "needs a value <a.b.c.d>|<first>-<last>")]
    public void Incomplete_dhcp_option_or_pool_statement_is_refused(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Vpn + "\n" + statement + "\n");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.True(error.Line > 0);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("set vpn dhcp-option router 203.0.113.9", "dhcp-option router 203.0.113.9 is not inside the lan segment")]
    [InlineData("set vpn dhcp-option classless-routes 10.0.0.0/8 next-hop 203.0.113.9", "next-hop 203.0.113.9 is not inside the lan segment")]
    [InlineData("set vpn pool source dhcp-server 203.0.113.9", "pool dhcp-server 203.0.113.9 is not inside the lan segment")]
    [InlineData("set vpn pool source dhcp-server 198.18.0.1", "is the gateway's own lan address")]
    public void Dhcp_addresses_must_be_reachable_on_the_lan_segment(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Vpn + "\n" + statement + "\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains(reason));
    }

    [Fact]
    public void Vpn_configuration_written_back_reads_to_the_same_model()
    {
        var configuration = ConfigurationParser.Parse(Ports + Vpn).Configuration!;

        string text = ConfigurationWriter.Write(configuration);
        var again = ConfigurationParser.Parse(text);

        Assert.True(again.Success, string.Join("; ", again.Errors) + "\n" + text);
        Assert.Equal(configuration, again.Configuration);
        Assert.Contains("set vpn user \"CN=laptop, O=OnLan\" psk sesame-sesame\n", text);
        Assert.Contains("set vpn legacy modp1024 enable\n", text);
        Assert.Contains("set vpn dhcp-option classless-routes 192.0.2.0/24 next-hop 198.18.0.2\n", text);
    }

    [Fact]
    public void Eap_tls_is_off_by_default_and_set_vpn_eap_tls_enable_turns_it_on_and_writes_back()
    {
        var off = ConfigurationParser.Parse(Ports + Vpn).Configuration!;
        var on = ConfigurationParser.Parse(Ports + Vpn + "\nset vpn eap tls enable\n").Configuration!;

        string text = ConfigurationWriter.Write(on);

        Assert.False(off.Vpn.EapTls);
        Assert.True(on.Vpn.EapTls);
        Assert.NotEqual(off, on);
        Assert.Contains("set vpn eap tls enable\n", text);
        Assert.Equal(on, ConfigurationParser.Parse(text).Configuration);
    }

    [Fact]
    public void Eap_tls_alone_is_a_way_to_authenticate_remote_pcs()
    {
        const string minimal = "set vpn local-id gw.onlan.test\nset vpn pool range 198.18.0.200-198.18.0.220\n";

        var without = ConfigurationParser.Parse(Ports + minimal);
        var with = ConfigurationParser.Parse(Ports + minimal + "set vpn eap tls enable\n");

        Assert.Contains(without.Errors, e => e.Message.Contains("no way to authenticate remote PCs"));
        Assert.True(with.Success, string.Join("; ", with.Errors));
    }

    [Fact]
    public void Modp1024_is_off_by_default()
    {
        var configuration = ConfigurationParser.Parse(Ports + Vpn.Replace("set vpn legacy modp1024 enable", "")).Configuration!;

        Assert.False(configuration.Vpn.LegacyModp1024);
    }

    [Theory]
    [InlineData("set vpn pool range 198.18.0.220-198.18.0.200", "first <= last")]
    [InlineData("set vpn user client@onlan.test psk short", "8 to 128 characters")]
    [InlineData("set vpn user client@onlan.test", "must be followed by one of: psk")]
    [InlineData("set vpn certificate /data/gw.pem", "needs values <file> <file>")]
    [InlineData("set vpn certificate data/gw.pem /data/gw.key", "absolute path")]
    [InlineData("set vpn legacy modp1024 on", "expected enable or disable")]
    [InlineData("set vpn eap tls yes", "expected enable or disable")]
    [InlineData("set vpn dhcp-option domain-name bad..name", "domain name")]
    public void Bad_vpn_statement_is_refused_with_the_reason(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Vpn + "\n" + statement + "\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line > 0 && e.Message.Contains(reason));
    }

    [Theory]
    [InlineData("set vpn pool range 198.51.100.10-198.51.100.20", "is not inside the lan segment")]
    [InlineData("set vpn pool range 198.18.0.1-198.18.0.5", "includes the gateway's own lan address")]
    [InlineData("set vpn pool range 198.18.0.250-198.18.0.255", "network or broadcast")]
    [InlineData("set vpn pool range 198.18.0.210-198.18.0.212", "overlap")]
    public void Pool_must_lie_inside_the_lan_segment_apart_from_the_gateway(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Vpn + "\n" + statement + "\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains(reason));
    }

    [Fact]
    public void Vpn_without_a_pool_or_credentials_is_refused()
    {
        var result = ConfigurationParser.Parse(Ports + "set vpn local-id gw.onlan.test\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Message.Contains("'set vpn pool range <first>-<last>' is missing"));
        Assert.Contains(result.Errors, e => e.Message.Contains("no way to authenticate remote PCs"));
    }

    private static Ipv4Range Range(string first, string last) => new(Ipv4Address.Parse(first), Ipv4Address.Parse(last));

    private static Ipv4Prefix Network(string text) => Ipv4Prefix.TryParse(text, out var prefix) ? prefix : throw new FormatException(text);
}

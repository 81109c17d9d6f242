using OnLan.Configuration;
using OnLan.Wire;

namespace OnLan.Configuration.Tests;

public class DhcpServerStatementTests
{
    private const string Ports = """
        set interfaces wan port wan0
        set interfaces wan address 203.0.113.1/24
        set interfaces lan port lan0
        set interfaces lan address 198.18.0.1/24

        """;

    private const string Server = """
        set service dhcp-server range 198.18.0.100-198.18.0.149
        set service dhcp-server range 198.18.0.150-198.18.0.159
        set service dhcp-server exclude 198.18.0.120
        set service dhcp-server exclude 198.18.0.130-198.18.0.132
        set service dhcp-server lease-time 43200
        set service dhcp-server dns 198.18.0.53
        set service dhcp-server dns 9.9.9.9
        set service dhcp-server domain-name Home.OnLan.test
        set service dhcp-server router 198.18.0.254
        """;

    private const string VpnPool = """

        set vpn local-id gw.onlan.test
        set vpn user client@onlan.test psk "correct horse battery"
        set vpn pool range 198.18.0.200-198.18.0.220
        """;

    private static int LastLine(string text) => text.Count(c => c == '\n') + 2;

    [Fact]
    public void Dhcp_server_statements_are_read_into_the_model()
    {
        var result = ConfigurationParser.Parse(Ports + Server);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var server = result.Configuration!.DhcpServer;
        Assert.Equal([Range("198.18.0.100", "198.18.0.149"), Range("198.18.0.150", "198.18.0.159")], server.Ranges);
        Assert.Equal([Range("198.18.0.120", "198.18.0.120"), Range("198.18.0.130", "198.18.0.132")], server.Exclusions);
        Assert.Equal(43200, server.LeaseTimeSeconds);
        Assert.Equal([Ipv4Address.Parse("198.18.0.53"), Ipv4Address.Parse("9.9.9.9")], server.DnsServers);
        Assert.Equal("home.onlan.test", server.DomainName);
        Assert.Equal(Ipv4Address.Parse("198.18.0.254"), server.Router);
        Assert.True(server.IsEnabled);
    }

    [Fact]
    public void Dhcp_server_settings_have_their_defaults_when_unset()
    {
        var configuration = ConfigurationParser.Parse(Ports + "set service dhcp-server range 198.18.0.100-198.18.0.149\n").Configuration!;

        var server = configuration.DhcpServer;
        Assert.Empty(server.Exclusions);
        Assert.Equal(86400, server.LeaseTimeSeconds);
        Assert.Empty(server.DnsServers);
        Assert.Null(server.DomainName);
        Assert.Null(server.Router);
        Assert.False(ConfigurationParser.Parse(Ports).Configuration!.DhcpServer.IsConfigured);
    }

    [Fact]
    public void Dhcp_server_statements_are_written_back_as_configured_and_read_to_the_same_model()
    {
        var configuration = ConfigurationParser.Parse(Ports + Server + VpnPool).Configuration!;

        string text = ConfigurationWriter.Write(configuration);

        Assert.Contains(Server.Replace("Home.OnLan", "home.onlan") + "\n", text);
        Assert.Equal(configuration, ConfigurationParser.Parse(text).Configuration);
    }

    [Fact]
    public void Default_lease_time_is_not_written()
    {
        var configuration = ConfigurationParser.Parse(Ports + Server.Replace("lease-time 43200", "lease-time 86400")).Configuration!;

        Assert.DoesNotContain("lease-time", ConfigurationWriter.Write(configuration));
    }

    [Theory]
    [InlineData("set service dhcp-server range 198.18.0.160-198.18.0.169")]
    [InlineData("set service dhcp-server exclude 198.18.0.101")]
    [InlineData("set service dhcp-server lease-time 3600")]
    [InlineData("set service dhcp-server dns 198.18.0.54")]
    [InlineData("set service dhcp-server domain-name other.test")]
    [InlineData("set service dhcp-server router 198.18.0.253")]
    public void Every_dhcp_server_setting_takes_part_in_equality(string statement)
    {
        var before = ConfigurationParser.Parse(Ports + Server).Configuration!;

        var after = ConfigurationParser.ApplyStatement(before, statement, out var error);

        Assert.Null(error);
        Assert.NotEqual(before, after);
        Assert.Equal(after, ConfigurationParser.Parse(ConfigurationWriter.Write(after)).Configuration);
    }

    [Theory]
    [InlineData("set service dhcp-server range 198.18.0.150-198.18.0.100", "198.18.0.150-198.18.0.100", "first <= last")]
    [InlineData("set service dhcp-server range 198.18.0.100", "198.18.0.100", "expected first-last")]
    [InlineData("set service dhcp-server range 224.0.0.1-224.0.0.9", "224.0.0.1-224.0.0.9", "unicast host addresses only")]
    [InlineData("set service dhcp-server exclude 198.18.0.300", "198.18.0.300", "or a range first-last")]
    [InlineData("set service dhcp-server lease-time 59", "59", "from 60 to 604800")]
    [InlineData("set service dhcp-server lease-time 1d", "1d", "from 60 to 604800")]
    [InlineData("set service dhcp-server dns dns.example", "dns.example", "expected an IPv4 address")]
    [InlineData("set service dhcp-server domain-name bad..name", "bad..name", "expected a domain name")]
    [InlineData("set service dhcp-server router 255.255.255.255", "255.255.255.255", "not a unicast host address")]
    [InlineData("set service dhcp-server router 198.18.0.254 198.18.0.253", "198.18.0.253", "unexpected '198.18.0.253'")]
    [InlineData("set service dhcp-server pool 198.18.0.1-198.18.0.9", "pool", "unknown word 'pool' (expected one of: range, exclude, lease-time, dns, domain-name, router)")]
    [InlineData("set service ntp-server 198.18.0.1", "ntp-server", "unknown word 'ntp-server' (expected one of: dhcp-server)")]
    public void Bad_dhcp_server_value_is_refused_with_line_column_and_reason(string statement, string word, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Server + "\n" + statement + "\n");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal(LastLine(Ports + Server), error.Line);
        Assert.Equal(statement.IndexOf(word, StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("set service dhcp-server", "must be followed by one of: range, exclude, lease-time, dns, domain-name, router")]
    [InlineData("set service dhcp-server range", "needs a value <first>-<last>")]
    [InlineData("set service", "must be followed by one of: dhcp-server")]
    public void Incomplete_dhcp_server_statement_is_refused(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Server + "\n" + statement + "\n");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal(LastLine(Ports + Server), error.Line);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("set service dhcp-server range 198.51.100.10-198.51.100.20", "service dhcp-server range 198.51.100.10-198.51.100.20 is not inside the lan segment 198.18.0.0/24")]
    [InlineData("set service dhcp-server range 198.18.0.1-198.18.0.9", "includes the gateway's own lan address 198.18.0.1")]
    [InlineData("set service dhcp-server range 198.18.0.250-198.18.0.255", "network or broadcast")]
    [InlineData("set service dhcp-server range 198.18.0.140-198.18.0.145", "service dhcp-server ranges 198.18.0.100-198.18.0.149 and 198.18.0.140-198.18.0.145 overlap")]
    [InlineData("set service dhcp-server router 203.0.113.9", "service dhcp-server router 203.0.113.9 is not inside the lan segment")]
    public void Dhcp_server_must_lease_inside_the_lan_segment_apart_from_the_gateway(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Server + "\n" + statement + "\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains(reason));
    }

    [Fact]
    public void Dhcp_server_range_overlapping_the_vpn_pool_is_refused_naming_both_statements()
    {
        var result = ConfigurationParser.Parse(Ports + Server + VpnPool + "\nset service dhcp-server range 198.18.0.210-198.18.0.230\n");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains("'set service dhcp-server range 198.18.0.210-198.18.0.230' overlaps 'set vpn pool range 198.18.0.200-198.18.0.220'", error.Message);
    }

    [Fact]
    public void Dhcp_server_beside_a_separate_vpn_pool_is_accepted()
    {
        var result = ConfigurationParser.Parse(Ports + Server + VpnPool);

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Dhcp_server_settings_without_a_range_are_refused()
    {
        var result = ConfigurationParser.Parse(Ports + "set service dhcp-server dns 198.18.0.53\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Message.Contains("'set service dhcp-server range <first>-<last>' is missing"));
    }

    private static Ipv4Range Range(string first, string last) => new(Ipv4Address.Parse(first), Ipv4Address.Parse(last));
}

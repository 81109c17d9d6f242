namespace OnLan.Configuration.Tests;

/// <summary>`set vpn radius server &lt;address&gt; secret &lt;secret&gt;`: EAP passed through to RADIUS servers, in failover order.</summary>
public sealed class VpnRadiusStatementTests
{
    private const string Base = """
        set interfaces wan port eth0
        set interfaces wan address 203.0.113.1/24
        set interfaces lan port eth1
        set interfaces lan address 198.18.0.1/24
        set vpn local-id gw.example.net
        set vpn pool range 198.18.0.200-198.18.0.210

        """;

    [Fact]
    public void Servers_keep_their_order_and_port_and_round_trip_and_are_enough_to_authenticate()
    {
        var parsed = ConfigurationParser.Parse(Base + """
            set vpn radius server 198.18.0.12 secret "second secret"
            set vpn radius server 198.18.0.12 port 11812
            set vpn radius server 198.18.0.11 secret first-secret
            set vpn radius timeout 2
            set vpn radius retries 0
            """);

        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        var servers = parsed.Configuration!.Vpn.RadiusServers;
        Assert.Equal(["198.18.0.12:11812:second secret", "198.18.0.11:1812:first-secret"], servers.Select(s => $"{s.Address}:{s.Port}:{s.Secret}"));
        Assert.Equal((2, 0), (parsed.Configuration.Vpn.RadiusTimeoutSeconds, parsed.Configuration.Vpn.RadiusRetries));
        string written = ConfigurationWriter.Write(parsed.Configuration);
        Assert.Contains("set vpn radius server 198.18.0.12 port 11812", written);
        Assert.Equal(parsed.Configuration, ConfigurationParser.Parse(written).Configuration);
    }

    [Theory]
    [InlineData("set vpn radius server 198.18.0.11 port 1645", "secret <secret>' is missing")]
    [InlineData("set vpn radius server 198.51.100.7 secret long-enough", "not inside the lan segment")]
    [InlineData("set vpn radius server 198.18.0.1 secret long-enough", "the gateway's own lan address")]
    [InlineData("set vpn radius timeout 0", "from 1 to 10")]
    [InlineData("set vpn radius retries 11", "from 0 to 10")]
    public void A_server_without_a_secret_or_off_the_lan_segment_is_refused(string statement, string reason)
    {
        var parsed = ConfigurationParser.Parse(Base + statement + "\n");

        Assert.False(parsed.Success);
        Assert.Contains(parsed.Errors, e => e.Message.Contains(reason));
    }
}

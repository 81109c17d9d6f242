namespace OnLan.Configuration.Tests;

/// <summary>`set system board`: picks the board profile; a bad name is refused with its column.</summary>
public sealed class SystemStatementTests
{
    [Fact]
    public void The_board_round_trips_through_the_writer()
    {
        var parsed = ConfigurationParser.Parse("""
            set interfaces wan port eth0
            set interfaces wan address 203.0.113.1/24
            set interfaces lan port eth1
            set interfaces lan address 198.18.0.1/24
            set system board rpi-cm4-dual
            """);

        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        Assert.Equal("rpi-cm4-dual", parsed.Configuration!.System.Board);
        var again = ConfigurationParser.Parse(ConfigurationWriter.Write(parsed.Configuration));
        Assert.Equal(parsed.Configuration, again.Configuration);
    }

    [Theory]
    [InlineData("set system board Rpi4")]
    [InlineData("set system board ../etc")]
    [InlineData("set system board -x")]
    public void A_bad_board_name_is_refused_at_the_value(string line)
    {
        var parsed = ConfigurationParser.Parse(line + "\n");

        var error = Assert.Single(parsed.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(18, error.Column); // the value, after "set system board "
        Assert.Contains("not a board name", error.Message);
    }

    [Fact]
    public void With_a_board_the_ports_may_come_from_its_profile()
    {
        var parsed = ConfigurationParser.Parse("""
            set interfaces wan address 203.0.113.1/24
            set interfaces lan address 198.18.0.1/24
            set system board sim
            """);
        var without = ConfigurationParser.Parse("""
            set interfaces wan address 203.0.113.1/24
            set interfaces lan address 198.18.0.1/24
            """);

        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        Assert.Contains(without.Errors, e => e.Message.Contains("'set interfaces wan port <ifname>' is missing"));
    }
}

/// <summary>`set nat max-flows`: the NAT table's bound.</summary>
public sealed class NatMaxFlowsTests
{
    [Fact]
    public void Max_flows_round_trips_and_a_bad_count_is_refused()
    {
        const string Ports = """
            set interfaces wan port eth0
            set interfaces wan address 203.0.113.1/24
            set interfaces lan port eth1
            set interfaces lan address 198.18.0.1/24
            set nat lan enable

            """;
        var parsed = ConfigurationParser.Parse(Ports + "set nat max-flows 16384\n");
        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        Assert.Equal(16384, parsed.Configuration!.Nat.MaxFlows);
        Assert.Equal(parsed.Configuration, ConfigurationParser.Parse(ConfigurationWriter.Write(parsed.Configuration)).Configuration);
        Assert.Equal(NatConfiguration.DefaultMaxFlows, ConfigurationParser.Parse(Ports).Configuration!.Nat.MaxFlows);

        var refused = ConfigurationParser.Parse(Ports + "set nat max-flows 12\n");
        var error = Assert.Single(refused.Errors);
        Assert.Equal(19, error.Column);
        Assert.Contains("1024 to 1048576", error.Message);
    }
}

/// <summary>`set vpn user &lt;name&gt; password`: a user for EAP-MSCHAPv2, beside (or instead of) a pre-shared key.</summary>
public sealed class VpnUserPasswordTests
{
    [Fact]
    public void A_password_and_a_psk_live_side_by_side_and_round_trip()
    {
        var parsed = ConfigurationParser.Parse("""
            set interfaces wan port eth0
            set interfaces wan address 203.0.113.1/24
            set interfaces lan port eth1
            set interfaces lan address 198.18.0.1/24
            set vpn local-id gw.example.net
            set vpn pool range 198.18.0.200-198.18.0.210
            set vpn user alice psk "alice psk"
            set vpn user alice password "alice password"
            set vpn user bob password "bob password"
            """);

        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        var users = parsed.Configuration!.Vpn.Users;
        Assert.Equal(("alice psk", "alice password"), (users["alice"].PreSharedKey, users["alice"].Password));
        Assert.Equal((null, "bob password"), (users["bob"].PreSharedKey, users["bob"].Password));
        Assert.Equal(parsed.Configuration, ConfigurationParser.Parse(ConfigurationWriter.Write(parsed.Configuration)).Configuration);
    }
}

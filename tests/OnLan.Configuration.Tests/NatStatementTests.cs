using OnLan.Configuration;
using OnLan.Wire;

namespace OnLan.Configuration.Tests;

/// <summary>`set nat lan enable|disable` and `set nat forward &lt;tcp|udp&gt; &lt;wan-port&gt; &lt;a.b.c.d&gt;:&lt;port&gt;`.</summary>
public sealed class NatStatementTests
{
    private const string Ports = """
        set interfaces wan port wan0
        set interfaces wan address 203.0.113.1/24
        set interfaces lan port lan0
        set interfaces lan address 198.18.0.1/24

        """;

    private const string Nat = """
        set nat lan enable
        set nat forward tcp 8080 198.18.0.10:80
        set nat forward udp 51820 198.18.0.11:51820
        set nat forward tcp 2222 198.18.0.10:22
        """;

    private static int LastLine(string text) => text.Count(c => c == '\n') + 2;

    [Fact]
    public void Nat_statements_are_read_into_the_model_in_order()
    {
        var result = ConfigurationParser.Parse(Ports + Nat);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var nat = result.Configuration!.Nat;
        Assert.True(nat.Enabled);
        Assert.Equal(
        [
            new NatForward(NatProtocol.Tcp, 8080, Ipv4Address.Parse("198.18.0.10"), 80),
            new NatForward(NatProtocol.Udp, 51820, Ipv4Address.Parse("198.18.0.11"), 51820),
            new NatForward(NatProtocol.Tcp, 2222, Ipv4Address.Parse("198.18.0.10"), 22),
        ], nat.Forwards);
    }

    [Fact]
    public void Nat_is_disabled_and_forwards_nothing_by_default()
    {
        var configuration = ConfigurationParser.Parse(Ports).Configuration!;

        Assert.False(configuration.Nat.Enabled);
        Assert.Empty(configuration.Nat.Forwards);
        Assert.False(configuration.Nat.IsConfigured);
        Assert.DoesNotContain("nat", ConfigurationWriter.Write(configuration));
    }

    [Fact]
    public void Nat_statements_are_written_back_as_configured_and_read_to_the_same_model()
    {
        var configuration = ConfigurationParser.Parse(Ports + Nat).Configuration!;

        string text = ConfigurationWriter.Write(configuration);

        Assert.Contains(Nat + "\n", text);
        Assert.Equal(configuration, ConfigurationParser.Parse(text).Configuration);
    }

    [Fact]
    public void Nat_configurations_compare_by_value()
    {
        var one = ConfigurationParser.Parse(Ports + Nat).Configuration!;
        var two = ConfigurationParser.Parse(Ports + Nat).Configuration!;
        var other = ConfigurationParser.Parse(Ports + Nat.Replace("8080", "8081")).Configuration!;

        Assert.Equal(one, two);
        Assert.Equal(one.Nat.GetHashCode(), two.Nat.GetHashCode());
        Assert.NotEqual(one, other);
        Assert.NotEqual(one, one with { Nat = one.Nat with { Enabled = false } });
    }

    [Fact]
    public void A_later_switch_replaces_the_earlier_one_and_disable_is_the_default_not_written()
    {
        var configuration = ConfigurationParser.Parse(Ports + "set nat lan enable\nset nat lan disable\n").Configuration!;

        Assert.False(configuration.Nat.Enabled);
        Assert.Equal(ConfigurationParser.Parse(Ports).Configuration, configuration);
    }

    [Fact]
    public void The_same_forward_twice_is_one_forward()
    {
        var configuration = ConfigurationParser.Parse(Ports + Nat + "\nset nat forward tcp 8080 198.18.0.10:80\n").Configuration!;

        Assert.Equal(3, configuration.Nat.Forwards.Count);
    }

    [Fact]
    public void The_same_port_number_may_be_forwarded_once_for_tcp_and_once_for_udp()
    {
        var result = ConfigurationParser.Parse(Ports + "set nat lan enable\nset nat forward tcp 53 198.18.0.53:53\nset nat forward udp 53 198.18.0.53:53\n");

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Configuration!.Nat.Forwards.Count);
    }

    [Theory]
    [InlineData("set nat forward tcp 8080 198.18.0.12:80", 21, "tcp 8080 is already forwarded to 198.18.0.10:80")]
    [InlineData("set nat forward udp 500 198.18.0.10:500", 21, "udp 500 is the IKE responder's")]
    [InlineData("set nat forward udp 4500 198.18.0.10:4500", 21, "udp 4500 is the IKE responder's")]
    [InlineData("set nat forward sctp 80 198.18.0.10:80", 17, "expected tcp or udp")]
    [InlineData("set nat forward tcp 0 198.18.0.10:80", 21, "port number from 1 to 65535")]
    [InlineData("set nat forward tcp 65536 198.18.0.10:80", 21, "port number from 1 to 65535")]
    [InlineData("set nat forward tcp +80 198.18.0.10:80", 21, "port number from 1 to 65535")]
    [InlineData("set nat forward tcp 80 198.18.0.10", 24, "expected an address and a port")]
    [InlineData("set nat forward tcp 80 198.18.0.10:0", 24, "port number from 1 to 65535")]
    [InlineData("set nat forward tcp 80 198.18.0.256:80", 24, "expected an IPv4 address")]
    [InlineData("set nat forward tcp 80 224.0.0.1:80", 24, "not a unicast host address")]
    [InlineData("set nat forward tcp 80", 0, "needs values tcp|udp <port> <a.b.c.d>:<port>")]
    [InlineData("set nat forward tcp 80 198.18.0.10:80 x", 39, "unexpected 'x'")]
    [InlineData("set nat lan on", 13, "expected enable or disable")]
    [InlineData("set nat wan enable", 9, "unknown word 'wan' (expected one of: lan, max-flows, forward)")]
    public void Bad_nat_statements_are_refused_with_line_column_and_reason(string line, int column, string reason)
    {
        string text = Ports + Nat + "\n" + line + "\n";

        var result = ConfigurationParser.Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.Equal(LastLine(Ports + Nat), error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Tcp_500_and_4500_may_be_forwarded_only_udp_belongs_to_ike()
    {
        var result = ConfigurationParser.Parse(Ports + "set nat lan enable\nset nat forward tcp 500 198.18.0.10:500\nset nat forward tcp 4500 198.18.0.10:4500\n");

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("set nat forward tcp 80 10.0.0.5:80", "10.0.0.5 is not inside the lan segment 198.18.0.0/24")]
    [InlineData("set nat forward tcp 80 198.18.0.1:80", "is the gateway's own lan address")]
    [InlineData("set nat forward tcp 80 198.18.0.0:80", "network or broadcast address")]
    [InlineData("set nat forward tcp 80 198.18.0.255:80", "network or broadcast address")]
    public void A_forward_must_reach_a_host_of_the_lan_segment(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Ports + Nat + "\n" + statement + "\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains(reason));
    }

    [Fact]
    public void The_lan_segment_is_checked_whatever_order_the_statements_come_in()
    {
        var result = ConfigurationParser.Parse(Nat + "\n" + Ports.Replace("198.18.0.1/24", "198.18.1.1/24"));

        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains("198.18.0.10 is not inside the lan segment 198.18.1.0/24"));
    }

    [Fact]
    public void Forwards_need_nat_enabled()
    {
        var result = ConfigurationParser.Parse(Ports + Nat.Replace("set nat lan enable", ""));

        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains("needs 'set nat lan enable'"));
    }

    [Fact]
    public void Forwards_follow_a_wan_address_from_dhcp()
    {
        var result = ConfigurationParser.Parse(Ports.Replace("set interfaces wan address 203.0.113.1/24", "set interfaces wan address dhcp") + Nat);

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_model_built_in_code_with_a_port_twice_or_udp_500_is_refused()
    {
        var valid = ConfigurationParser.Parse(Ports + Nat).Configuration!;
        var lan = Ipv4Address.Parse("198.18.0.20");
        var twice = valid with { Nat = valid.Nat with { Forwards = valid.Nat.Forwards.Add(new NatForward(NatProtocol.Tcp, 8080, lan, 8080)) } };
        var ike = valid with { Nat = valid.Nat with { Forwards = valid.Nat.Forwards.Add(new NatForward(NatProtocol.Udp, 500, lan, 500)) } };

        Assert.Contains(ConfigurationValidator.Validate(twice), e => e.Message.Contains("tcp 8080 is forwarded twice"));
        Assert.Contains(ConfigurationValidator.Validate(ike), e => e.Message.Contains("udp 500 is the IKE responder's"));
    }
}

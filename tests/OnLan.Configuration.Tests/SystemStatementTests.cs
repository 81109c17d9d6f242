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
    public void A_password_is_kept_only_as_its_nt_hash_beside_a_psk_and_round_trips()
    {
        var parsed = ConfigurationParser.Parse("""
            set interfaces wan port eth0
            set interfaces wan address 203.0.113.1/24
            set interfaces lan port eth1
            set interfaces lan address 198.18.0.1/24
            set vpn local-id gw.example.net
            set vpn pool range 198.18.0.200-198.18.0.210
            set vpn user alice psk "alice psk"
            set vpn user alice password clientPass
            set vpn user bob nt-hash 8846f7eaee8fb117ad06bdd830b7586c
            """);

        Assert.True(parsed.Success, string.Join("; ", parsed.Errors));
        var users = parsed.Configuration!.Vpn.Users;
        // RFC 2759 §9.2: NtPasswordHash("clientPass"); bob's is the well-known hash of "password", given as the hash.
        Assert.Equal(("alice psk", "44EBBA8D5312B8D611474411F56989AE"), (users["alice"].PreSharedKey, users["alice"].NtHash));
        Assert.Equal((null, "8846F7EAEE8FB117AD06BDD830B7586C"), (users["bob"].PreSharedKey, users["bob"].NtHash));
        Assert.Equal(NtPasswordHash.Hex("password"), users["bob"].NtHash);

        string written = ConfigurationWriter.Write(parsed.Configuration);
        Assert.DoesNotContain("clientPass", written);
        Assert.DoesNotContain(" password ", written);
        Assert.Contains("set vpn user alice nt-hash 44EBBA8D5312B8D611474411F56989AE", written);
        Assert.Equal(parsed.Configuration, ConfigurationParser.Parse(written).Configuration);
    }

    [Theory]
    [InlineData("8846f7eaee8fb117ad06bdd830b7586")]   // 31 digits
    [InlineData("8846f7eaee8fb117ad06bdd830b7586cc")] // 33
    [InlineData("8846f7eaee8fb117ad06bdd830b7586g")]  // not hex
    public void An_nt_hash_that_is_not_32_hex_digits_is_refused(string hash)
    {
        var parsed = ConfigurationParser.Parse($"set vpn user bob nt-hash {hash}\n");
        Assert.False(parsed.Success);
        Assert.Contains("32 hex digits", string.Join("; ", parsed.Errors));
    }
}

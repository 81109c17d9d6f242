using OnLan.Configuration;
using OnLan.Wire;

namespace OnLan.Configuration.Tests;

/// <summary>`set interfaces wan address dhcp`: the wan's address (and, unless given, its gateway) from the ISP's DHCP server.</summary>
public sealed class WanDhcpStatementTests
{
    private const string Ports = """
        set interfaces wan port wan0
        set interfaces wan address dhcp
        set interfaces lan port lan0
        set interfaces lan address 198.18.0.1/24
        """;

    [Fact]
    public void Wan_address_dhcp_is_read_into_the_model_without_a_static_address_or_gateway()
    {
        var result = ConfigurationParser.Parse(Ports);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var wan = result.Configuration!.Wan;
        Assert.True(wan.AddressFromDhcp);
        Assert.True(wan.HasAddress);
        Assert.Null(wan.Address);
        Assert.Null(wan.Gateway);
        Assert.False(result.Configuration.Lan.AddressFromDhcp);
    }

    [Fact]
    public void Wan_address_dhcp_round_trips_through_the_writer()
    {
        var configuration = ConfigurationParser.Parse(Ports).Configuration!;

        string text = ConfigurationWriter.Write(configuration);

        Assert.Contains("set interfaces wan address dhcp\n", text);
        Assert.Equal(configuration, ConfigurationParser.Parse(text).Configuration);
    }

    [Fact]
    public void A_later_static_address_replaces_dhcp_and_a_later_dhcp_replaces_the_static_address()
    {
        var toStatic = ConfigurationParser.Parse(Ports + "\nset interfaces wan address 203.0.113.1/24\n").Configuration!;
        var toDhcp = ConfigurationParser.Parse(Ports.Replace("set interfaces wan address dhcp", "set interfaces wan address 203.0.113.1/24") +
            "\nset interfaces wan address dhcp\n").Configuration!;

        Assert.False(toStatic.Wan.AddressFromDhcp);
        Assert.Equal(new Ipv4Prefix(Ipv4Address.Parse("203.0.113.1"), 24), toStatic.Wan.Address);
        Assert.True(toDhcp.Wan.AddressFromDhcp);
        Assert.Null(toDhcp.Wan.Address);
        Assert.Equal(ConfigurationParser.Parse(Ports).Configuration, toDhcp);
    }

    [Fact]
    public void Static_and_dhcp_wan_configurations_differ()
    {
        var dhcp = ConfigurationParser.Parse(Ports).Configuration!;
        var fixedAddress = ConfigurationParser.Parse(Ports.Replace("address dhcp", "address 203.0.113.1/24")).Configuration!;

        Assert.NotEqual(dhcp, fixedAddress);
        Assert.Equal(dhcp, dhcp with { Wan = dhcp.Wan with { } });
    }

    [Fact]
    public void A_gateway_given_with_dhcp_is_kept_as_the_next_hop_instead_of_the_leases()
    {
        var result = ConfigurationParser.Parse(Ports + "\nset interfaces wan gateway 100.64.0.1\n");

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal(Ipv4Address.Parse("100.64.0.1"), result.Configuration!.Wan.Gateway);
        Assert.Equal(result.Configuration, ConfigurationParser.Parse(ConfigurationWriter.Write(result.Configuration)).Configuration);
    }

    [Fact]
    public void Lan_address_dhcp_is_refused_at_the_value()
    {
        var result = ConfigurationParser.Parse("set interfaces lan address dhcp\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Equal(28, error.Column);
        Assert.Contains("for the wan port only", error.Message);
    }

    [Theory]
    [InlineData("set interfaces wan address DHCP", 28, "invalid address 'DHCP'")]
    [InlineData("set interfaces wan address dhcp extra", 33, "unexpected 'extra'")]
    [InlineData("set interfaces wan address", 0, "needs a value <a.b.c.d/len>|dhcp")]
    public void Bad_wan_address_statements_are_refused_with_line_column_and_reason(string line, int column, string reason)
    {
        var result = ConfigurationParser.Parse("# wan\n" + line + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Without_any_wan_address_the_message_names_both_forms()
    {
        var result = ConfigurationParser.Parse(Ports.Replace("set interfaces wan address dhcp", ""));

        Assert.Contains(result.Errors, e => e.Line == 0 &&
            e.Message == "'set interfaces wan address <a.b.c.d/len>' is missing (or 'set interfaces wan address dhcp')");
    }

    [Fact]
    public void A_model_built_in_code_with_dhcp_on_the_lan_or_both_forms_is_refused()
    {
        var valid = ConfigurationParser.Parse(Ports).Configuration!;
        var lanDhcp = valid with { Lan = valid.Lan with { Address = null, AddressFromDhcp = true } };
        var both = valid with { Wan = valid.Wan with { Address = new Ipv4Prefix(Ipv4Address.Parse("203.0.113.1"), 24) } };

        Assert.Contains(ConfigurationValidator.Validate(lanDhcp), e => e.Message.Contains("for the wan port only, not the lan"));
        Assert.Contains(ConfigurationValidator.Validate(both), e => e.Message.Contains("wan address is both 203.0.113.1/24 and dhcp"));
    }
}

using OnLan.Configuration;
using OnLan.Wire;

namespace OnLan.Configuration.Tests;

public class ConfigurationParserTests
{
    private const string Complete = """
        # the two ports
        set interfaces wan port wan0
        set interfaces wan address 203.0.113.1/24
        set interfaces wan gateway 203.0.113.254

        set interfaces lan port lan0   # the office
        set interfaces lan address 198.18.0.1/24
        """;

    [Fact]
    public void Complete_configuration_is_read_into_the_model()
    {
        var result = ConfigurationParser.Parse(Complete);

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var configuration = result.Configuration!;
        Assert.Equal("wan0", configuration.Wan.Port);
        Assert.Equal(new Ipv4Prefix(Ipv4Address.Parse("203.0.113.1"), 24), configuration.Wan.Address);
        Assert.Equal(Ipv4Address.Parse("203.0.113.254"), configuration.Wan.Gateway);
        Assert.Equal("lan0", configuration.Lan.Port);
        Assert.Equal(new Ipv4Prefix(Ipv4Address.Parse("198.18.0.1"), 24), configuration.Lan.Address);
        Assert.Null(configuration.Lan.Gateway);
    }

    [Fact]
    public void Written_configuration_reads_back_to_the_same_model()
    {
        var configuration = ConfigurationParser.Parse(Complete).Configuration!;

        string text = ConfigurationWriter.Write(configuration);

        Assert.Equal(configuration, ConfigurationParser.Parse(text).Configuration);
        Assert.Contains("set interfaces wan gateway 203.0.113.254\n", text);
    }

    [Fact]
    public void Carriage_returns_and_later_statements_override_earlier_ones()
    {
        var result = ConfigurationParser.Parse(Complete.Replace("\n", "\r\n") + "\r\nset interfaces lan port eth9\r\n");

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal("eth9", result.Configuration!.Lan.Port);
    }

    [Theory]
    [InlineData("set interfaces wan adress 203.0.113.1/24", 3, 20, "unknown word 'adress'")]
    [InlineData("sett interfaces wan port wan0", 3, 1, "unknown command 'sett'")]
    [InlineData("set interfaces dmz port eth2", 3, 16, "unknown word 'dmz' (expected one of: wan, lan)")]
    [InlineData("set interfaces wan address 203.0.113.1", 3, 28, "invalid address '203.0.113.1'")]
    [InlineData("set interfaces wan address 203.0.113.300/24", 3, 28, "invalid address")]
    [InlineData("set interfaces wan address 203.0.113.0/24", 3, 28, "not a usable host address")]
    [InlineData("set interfaces wan address 203.0.113.1/31", 3, 28, "prefix length must be 1 to 30")]
    [InlineData("set interfaces wan gateway 224.0.0.1", 3, 28, "not a unicast host address")]
    [InlineData("set interfaces wan port", 3, 0, "needs a value <ifname>")]
    [InlineData("set interfaces wan", 3, 0, "must be followed by one of: port, address, gateway")]
    [InlineData("set interfaces wan port wan0 extra", 3, 30, "unexpected 'extra'")]
    [InlineData("set interfaces wan port a-name-that-is-too-long", 3, 25, "1 to 15 characters")]
    [InlineData("set interfaces wan port \"wan0", 3, 25, "unclosed quote")]
    public void Bad_line_is_refused_with_its_line_column_and_reason(string line, int expectedLine, int expectedColumn, string reason)
    {
        string text = "# header\nset interfaces lan port lan0\n" + line + "\n";

        var result = ConfigurationParser.Parse(text);

        Assert.False(result.Success);
        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors);
        Assert.Equal(expectedLine, error.Line);
        Assert.Equal(expectedColumn, error.Column);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Every_bad_line_is_reported_not_only_the_first()
    {
        var result = ConfigurationParser.Parse(Complete + "\nset foo\nset interfaces lan address x\n");

        Assert.False(result.Success);
        Assert.Equal([8, 9], result.Errors.Select(e => e.Line));
    }

    [Theory]
    [InlineData("set interfaces lan port lan0", "'set interfaces lan port <ifname>' is missing")]
    [InlineData("set interfaces lan address 198.18.0.1/24", "'set interfaces lan address <a.b.c.d/len>' is missing")]
    public void Missing_statement_means_no_configuration(string omitted, string reason)
    {
        string text = Complete.Replace(omitted, "");
        var result = ConfigurationParser.Parse(text);

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Message.Contains(reason));
    }

    [Fact]
    public void Wan_gateway_is_optional()
    {
        var result = ConfigurationParser.Parse(Complete.Replace("set interfaces wan gateway 203.0.113.254", ""));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Null(result.Configuration!.Wan.Gateway);
    }

    [Theory]
    [InlineData("set interfaces lan port wan0", "both use interface wan0")]
    [InlineData("set interfaces wan gateway 198.51.100.1", "is not inside wan segment 203.0.113.0/24")]
    [InlineData("set interfaces wan gateway 203.0.113.1", "is the gateway's own address")]
    [InlineData("set interfaces lan address 203.0.113.7/25", "overlap")]
    [InlineData("set interfaces lan gateway 198.18.0.254", "a gateway on the lan port is not supported")]
    public void Inconsistent_configuration_is_refused_as_a_whole(string statement, string reason)
    {
        var result = ConfigurationParser.Parse(Complete + "\n" + statement + "\n");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line == 0 && e.Message.Contains(reason));
    }

    [Fact]
    public void Refused_statement_leaves_the_configuration_unchanged()
    {
        var before = ConfigurationParser.Parse(Complete).Configuration!;

        var after = ConfigurationParser.ApplyStatement(before, "set interfaces wan address 1.2.3.4/99", out var error);

        Assert.NotNull(error);
        Assert.Same(before, after);
    }
}

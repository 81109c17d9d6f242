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
    public void Vpn_configuration_written_back_reads_to_the_same_model()
    {
        var configuration = ConfigurationParser.Parse(Ports + Vpn).Configuration!;

        string text = ConfigurationWriter.Write(configuration);
        var again = ConfigurationParser.Parse(text);

        Assert.True(again.Success, string.Join("; ", again.Errors) + "\n" + text);
        Assert.Equal(configuration, again.Configuration);
        Assert.Contains("set vpn user \"CN=laptop, O=OnLan\" psk sesame-sesame\n", text);
        Assert.Contains("set vpn legacy modp1024 enable\n", text);
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
}

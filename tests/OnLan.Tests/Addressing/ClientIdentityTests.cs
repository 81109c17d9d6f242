using OnLan.Addressing;

namespace OnLan.Tests.Addressing;

/// <summary>How a remote PC is named to the LAN's DHCP server: stable, and a valid DNS label.</summary>
public sealed class ClientIdentityTests
{
    [Theory]
    [InlineData("alice@corp.example", "alice")]
    [InlineData(@"CORP\Bob.Smith", "bob-smith")]
    [InlineData("CN=carol, O=Example", "carol")]
    [InlineData("gw.example.net", "gw-example-net")]
    [InlineData("198.51.100.7", "198-51-100-7")]
    [InlineData("@@@", "remote-pc")]
    public void The_host_name_is_a_dns_label_taken_from_the_identity(string identity, string label) =>
        Assert.Equal(label, ClientIdentity.HostLabel(identity));

    [Fact]
    public void The_same_identity_always_looks_the_same_and_another_looks_different()
    {
        var first = new ClientIdentity("alice@corp.example");
        var again = new ClientIdentity("alice@corp.example");
        var other = new ClientIdentity("bob@corp.example");

        Assert.Equal(first.HardwareAddress, again.HardwareAddress);
        Assert.Equal(first.ClientId, again.ClientId);
        Assert.NotEqual(first.HardwareAddress, other.HardwareAddress);
        Assert.Equal(0x02, first.HardwareAddress[0] & 0x03); // locally administered, unicast
        Assert.Equal(0, first.ClientId[0]);                  // RFC 2132 §9.14 type 0
        Assert.Equal(63, ClientIdentity.HostLabel(new string('a', 100) + "@x").Length);
    }
}

using OnLan.Ike.Messages;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>CFG_REPLY: what the configuration says, including the attributes the DHCP section adds.</summary>
public sealed class ConfigurationReplyTests
{
    [Fact]
    public void The_reply_carries_the_configured_mask_and_the_extra_attributes_after_the_standard_ones()
    {
        var raw = new byte[] { 1, 4, 255, 255, 255, 0, 255 };
        var pair = Pair.Create(r => r with
        {
            Netmask = new Ipv4Address(255, 255, 255, 128),
            ExtraReplyAttributes = [new ConfigurationAttribute((ConfigurationAttributeType)24576, raw)],
        }).Connect();

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(new Ipv4Address(255, 255, 255, 128), pair.Initiator.Netmask);
        var last = pair.Initiator.ConfigurationReply[^1];
        Assert.Equal((ConfigurationAttributeType)24576, last.AttributeType);
        Assert.Equal(raw, last.Value);
    }
}

/// <summary>TSr: the LAN segment (+ split networks, + broadcast) for a split tunnel; everything when the gateway routes to the internet.</summary>
public sealed class ResponderSelectorTests
{
    [Fact]
    public void A_client_asking_for_everything_gets_only_the_lan_unless_the_gateway_is_its_internet_router()
    {
        var split = Pair.Create().Connect();
        var full = Pair.Create(r => r with { FullTunnel = true }).Connect();

        var splitSelectors = Assert.Single(split.Installer.Installed).LocalSelectors;
        Assert.Contains(splitSelectors, s => s.Ipv4Start == Pair.Lan.Network && s.Ipv4End == Pair.Lan.DirectedBroadcast);
        Assert.DoesNotContain(splitSelectors, s => s.Ipv4Start == Ipv4Address.Any && s.Ipv4End == Ipv4Address.Broadcast);
        var fullSelector = Assert.Single(Assert.Single(full.Installer.Installed).LocalSelectors);
        Assert.Equal((Ipv4Address.Any, Ipv4Address.Broadcast), (fullSelector.Ipv4Start, fullSelector.Ipv4End));
    }
}

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

using OnLan.Ike.Messages;
using OnLan.Testing.Ike;

namespace OnLan.Ike.Tests.Responder;

public static class ChildSaAssert
{
    /// <summary>Inbound of one side is outbound of the other: SPIs and KEYMAT (RFC 7296 §2.17).</summary>
    public static void SameKeys(InitiatorChildSa child, ChildSaInstallation installed)
    {
        Assert.Equal(child.OutboundSpi, installed.InboundSpi);
        Assert.Equal(child.InboundSpi, installed.OutboundSpi);
        Assert.Equal(child.Suite.Encryption, installed.Encryption);
        Assert.Equal(child.Suite.EncryptionKeyBits, installed.EncryptionKeyBits);
        Assert.Equal(child.Suite.Integrity, installed.Integrity);
        Assert.Equal(child.Keys.InitiatorToResponderEncryption, installed.InboundEncryptionKey);
        Assert.Equal(child.Keys.InitiatorToResponderIntegrity, installed.InboundIntegrityKey);
        Assert.Equal(child.Keys.ResponderToInitiatorEncryption, installed.OutboundEncryptionKey);
        Assert.Equal(child.Keys.ResponderToInitiatorIntegrity, installed.OutboundIntegrityKey);
        Assert.Equal(child.Suite.EncryptionKeyLength, installed.InboundEncryptionKey.Length);
    }

    /// <summary>Selectors as "start-end" text (records compare their address arrays by reference); any protocol and port only.</summary>
    public static List<string> Ranges(IEnumerable<TrafficSelector> selectors) =>
        selectors.Select(s =>
        {
            Assert.True(s.IpProtocol == 0 && s.StartPort == 0 && s.EndPort == 65535, $"{s}");
            return $"{s.Ipv4Start}-{s.Ipv4End}";
        }).ToList();
}

using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Ike;

/// <summary>
/// Everything the ESP data plane needs for one tunnel-mode Child SA (a pair: inbound and outbound), from the
/// gateway's point of view. Keys are KEYMAT of RFC 7296 §2.17, already split by direction.
/// </summary>
public sealed record ChildSaInstallation
{
    /// <summary>SPI the peer puts on packets to us (we chose it).</summary>
    public required uint InboundSpi { get; init; }
    /// <summary>SPI we put on packets to the peer (it chose it).</summary>
    public required uint OutboundSpi { get; init; }
    public required EncryptionAlgorithm Encryption { get; init; }
    public required int EncryptionKeyBits { get; init; }
    public required IntegrityAlgorithm Integrity { get; init; }
    /// <summary>For AEADs the key is followed by its 4-byte salt.</summary>
    public required byte[] InboundEncryptionKey { get; init; }
    public required byte[] InboundIntegrityKey { get; init; }
    public required byte[] OutboundEncryptionKey { get; init; }
    public required byte[] OutboundIntegrityKey { get; init; }
    /// <summary>The gateway's WAN endpoint of the IKE SA (outer source).</summary>
    public required IkeEndpoint Local { get; init; }
    /// <summary>The peer's outer endpoint (after NAT).</summary>
    public required IkeEndpoint Remote { get; init; }
    /// <summary>ESP in UDP/4500 (RFC 3948) rather than IP protocol 50: a NAT was detected (or faked by the peer).</summary>
    public required bool UdpEncapsulated { get; init; }
    /// <summary>The remote PC's inner address (TSi narrowed to it): the only inner source allowed inbound.</summary>
    public required Ipv4Address RemoteInnerAddress { get; init; }
    /// <summary>TSr: inner destinations the remote PC may reach.</summary>
    public required IReadOnlyList<TrafficSelector> LocalSelectors { get; init; }
    /// <summary>The IKE SA (responder SPI) this Child SA belongs to, for the console.</summary>
    public required ulong IkeSaSpi { get; init; }
    public required string PeerIdentity { get; init; }
}

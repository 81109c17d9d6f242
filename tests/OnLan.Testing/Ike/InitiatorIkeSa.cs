using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Testing.Ike;

/// <summary>
/// One IKE SA at the test initiator: keys, both message-ID windows (ours: one outstanding request; the
/// responder's: the next ID expected and the cached response), and SKF reassembly.
/// </summary>
public sealed class InitiatorIkeSa(ulong initiatorSpi)
{
    public ulong InitiatorSpi { get; } = initiatorSpi;
    public ulong ResponderSpi { get; set; }
    public IkeSuite Suite { get; set; } = null!;
    public Prf Prf { get; set; } = null!;
    public IkeKeys Keys { get; set; } = null!;
    /// <summary>Protects what we send: SK_ei / SK_ai.</summary>
    public SkProtection Outbound { get; set; } = null!;
    /// <summary>Opens what the responder sends: SK_er / SK_ar.</summary>
    public SkProtection Inbound { get; set; } = null!;
    public bool PeerSupportsFragmentation { get; set; }

    /// <summary>Message ID of our next request.</summary>
    public uint NextRequestId { get; set; }
    internal PendingRequest? Outstanding { get; set; }

    /// <summary>Message ID the responder's next request must carry, and our answer to its last one.</summary>
    public uint PeerNextRequestId { get; set; }
    internal List<byte[]>? CachedResponse { get; set; }

    internal (uint MessageId, byte[]?[] Chunks, PayloadType FirstInner)? Fragments { get; set; }

    public bool Keyed => Inbound is not null;
}

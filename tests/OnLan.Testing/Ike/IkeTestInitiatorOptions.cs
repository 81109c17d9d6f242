using OnLan.Ike;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Wire;

namespace OnLan.Testing.Ike;

/// <summary>What an <see cref="IkeTestInitiator"/> offers and how it behaves on the wire.</summary>
public sealed record IkeTestInitiatorOptions
{
    public IkeEndpoint Local { get; init; } = new(new Ipv4Address(203, 0, 113, 10), IkeEndpoint.IkePort);
    public IkeEndpoint Remote { get; init; } = new(new Ipv4Address(192, 0, 2, 1), IkeEndpoint.IkePort);

    /// <summary>IDi: an RFC 822 address when it holds '@', else an FQDN.</summary>
    public string Identity { get; init; } = "client@onlan.test";

    /// <summary>IDr sent in IKE_AUTH when set (the initiator's guess at the gateway's identity).</summary>
    public string? ResponderIdentity { get; init; }

    public required string PreSharedKey { get; init; }

    /// <summary>The single IKE proposal: aes256gcm16/prfsha256/x25519 by default.</summary>
    public IkeSuite IkeSuite { get; init; } = new(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256,
        KeyExchangeGroup.Curve25519);

    /// <summary>Groups listed in the IKE proposal, in order; null = just <see cref="IkeSuite"/>'s group.</summary>
    public IReadOnlyList<KeyExchangeGroup>? OfferedGroups { get; init; }

    /// <summary>The group of the first KE payload (a guess the responder may refuse with INVALID_KE_PAYLOAD).</summary>
    public KeyExchangeGroup? FirstKeyExchange { get; init; }

    /// <summary>The single ESP proposal of every Child SA.</summary>
    public EspSuite EspSuite { get; init; } = new(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None);

    /// <summary>Send NAT_DETECTION_SOURCE_IP / _DESTINATION_IP in IKE_SA_INIT.</summary>
    public bool NatDetection { get; init; } = true;

    /// <summary>Hash a made-up source (as libipsec does) so the responder believes a NAT is in the way.</summary>
    public bool FakeNat { get; init; }

    /// <summary>Advertise IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383) and reassemble SKF responses.</summary>
    public bool Fragmentation { get; init; }

    /// <summary>When above zero and both sides support fragmentation, our own larger requests go out as SKF fragments.</summary>
    public int FragmentSize { get; init; }

    /// <summary>A cookie to put in the very first IKE_SA_INIT (to test refusal of a wrong one).</summary>
    public byte[]? InitialCookie { get; init; }

    /// <summary>Ask for INTERNAL_IP4_ADDRESS, NETMASK, DNS and INTERNAL_DNS_DOMAIN in IKE_AUTH.</summary>
    public bool RequestConfiguration { get; init; } = true;

    /// <summary>
    /// Log in with EAP (RFC 7296 §2.16) instead of the PSK: AUTH is left out of the first IKE_AUTH, each EAP request
    /// is answered with what this returns, and after EAP-Success AUTH is computed with <see cref="EapMsk"/>.
    /// </summary>
    public Func<byte[], byte[]>? EapPeer { get; init; }

    /// <summary>The MSK the EAP method derived on the peer's side (asked for after EAP-Success).</summary>
    public Func<byte[]>? EapMsk { get; init; }

    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Double the timeout after each retransmission (RFC 7296 §2.1's exponential back-off); else fixed.</summary>
    public bool DoublingRetransmit { get; init; } = true;
}

namespace OnLan.Ike.Eap;

/// <summary>
/// One EAP method on the authenticator side, once the Identity exchange is over (RFC 3748 §2): what
/// <see cref="EapAuthenticator"/> offers and drives. Sans-IO, like every EAP class here: packets in, packets out.
/// </summary>
/// <remarks>
/// Contract: <see cref="Begin"/> once, then <see cref="Receive"/> for each response. Bad input never throws: a stale
/// Identifier is a retransmission (null: the caller resends its last request), anything else wrong ends the method
/// with EAP-Failure. Once <see cref="State"/> is not Running, every further packet is ignored.
/// </remarks>
public interface IEapMethod
{
    EapType Type { get; }

    /// <summary>The method's first request, with <paramref name="identifier"/>, for the peer that named itself <paramref name="identity"/>.</summary>
    byte[] Begin(byte identifier, string identity);

    /// <summary>The next packet to send (a request, EAP-Success or EAP-Failure), or null when the response is ignored.</summary>
    byte[]? Receive(ReadOnlySpan<byte> response);

    EapMethodState State { get; }

    /// <summary>Who the method proved the peer to be (the lease is keyed by it); null unless Succeeded.</summary>
    string? AuthenticatedIdentity { get; }

    /// <summary>The 64-octet Master Session Key once Succeeded; otherwise null.</summary>
    byte[]? Msk { get; }
}

using System.Security.Cryptography;

namespace OnLan.Ike.Crypto;

/// <summary>AUTH payload computations of RFC 7296 §2.15.</summary>
public static class Authentication
{
    /// <summary>RFC 7296 §2.15: the pad that keys the PSK computation.</summary>
    public static ReadOnlySpan<byte> KeyPad => "Key Pad for IKEv2"u8;

    /// <summary>
    /// &lt;SignedOctets&gt; = RealMessage | NoncePeerData | prf(SK_p, ID'), where RealMessage is the sender's first
    /// message (IKE_SA_INIT) as sent, NoncePeerData the peer's nonce data, SK_p the sender's SK_pi or SK_pr and ID'
    /// the sender's ID payload body (ID Type, three reserved octets, data).
    /// </summary>
    public static byte[] SignedOctets(Prf prf, ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonce, ReadOnlySpan<byte> skP, ReadOnlySpan<byte> idBody)
    {
        var octets = new byte[realMessage.Length + peerNonce.Length + prf.OutputLength];
        realMessage.CopyTo(octets);
        peerNonce.CopyTo(octets.AsSpan(realMessage.Length));
        prf.Compute(skP, idBody, octets.AsSpan(realMessage.Length + peerNonce.Length));
        return octets;
    }

    /// <summary>AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;).</summary>
    public static byte[] SharedKeyAuth(Prf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets)
    {
        Span<byte> padKey = stackalloc byte[prf.OutputLength];
        prf.Compute(sharedSecret, KeyPad, padKey);
        byte[] auth = prf.Compute(padKey, signedOctets);
        CryptographicOperations.ZeroMemory(padKey);
        return auth;
    }

    /// <summary>Recomputes the PSK AUTH and compares in fixed time; a length mismatch is simply false.</summary>
    public static bool VerifySharedKeyAuth(Prf prf, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> signedOctets, ReadOnlySpan<byte> received)
    {
        byte[] expected = SharedKeyAuth(prf, sharedSecret, signedOctets);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}

using System.Security.Cryptography;

namespace OnLan.Radius;

/// <summary>
/// MS-MPPE-Send-Key and MS-MPPE-Recv-Key (RFC 2548 §2.4.2, §2.4.3): the keys an EAP method derived, sent by the
/// server to the NAS hidden with the shared secret. A vendor-specific attribute (vendor 311, type 16 or 17):
/// <code>
///   | Vendor-Type | Vendor-Length |     Salt (2)     | String (encrypted, multiple of 16) ...
/// </code>
/// The plaintext is: one octet key length, the key, zero padding to a multiple of 16. Encryption chains MD5:
/// b(1) = MD5(Secret | Request Authenticator | Salt), c(1) = p(1) xor b(1); b(i) = MD5(Secret | c(i-1)),
/// c(i) = p(i) xor b(i). The Request Authenticator is the Access-Request's that the Access-Accept answers.
/// </summary>
public static class MppeKey
{
    public const int SaltLength = 2;
    private const int BlockLength = 16;

    /// <summary>The key hidden in <paramref name="saltAndString"/> (the sub-attribute's value), or null when it is malformed.</summary>
    public static byte[]? Decrypt(ReadOnlySpan<byte> saltAndString, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        if (saltAndString.Length < SaltLength + BlockLength || (saltAndString.Length - SaltLength) % BlockLength != 0) return null;
        // RFC 2548: the Salt's most significant bit is always set.
        if ((saltAndString[0] & 0x80) == 0) return null;
        var salt = saltAndString[..SaltLength];
        var cipher = saltAndString[SaltLength..];
        var plain = new byte[cipher.Length];
        var seed = new byte[secret.Length + RadiusPacket.AuthenticatorLength + SaltLength];
        secret.CopyTo(seed);
        requestAuthenticator.CopyTo(seed.AsSpan(secret.Length));
        salt.CopyTo(seed.AsSpan(secret.Length + RadiusPacket.AuthenticatorLength));
        Span<byte> block = stackalloc byte[BlockLength];
        MD5.HashData(seed, block);
        var chained = new byte[secret.Length + BlockLength];
        secret.CopyTo(chained);
        for (int at = 0; at < cipher.Length; at += BlockLength)
        {
            if (at > 0)
            {
                cipher.Slice(at - BlockLength, BlockLength).CopyTo(chained.AsSpan(secret.Length));
                MD5.HashData(chained, block);
            }
            for (int i = 0; i < BlockLength; i++) plain[at + i] = (byte)(cipher[at + i] ^ block[i]);
        }
        int keyLength = plain[0];
        if (keyLength == 0 || 1 + keyLength > plain.Length) return null;
        return plain.AsSpan(1, keyLength).ToArray();
    }

    /// <summary>The MSK is at least 64 octets (RFC 3748 §7.10).</summary>
    public const int MskLength = 64;

    /// <summary>
    /// The MSK of an Access-Accept: MS-MPPE-Recv-Key then MS-MPPE-Send-Key (strongSwan's eap-radius concatenates them
    /// in this order: libradius/radius_socket.c, decrypt_msk), padded with zeros to 64 octets; null unless both are
    /// there and decrypt. EAP-MSCHAPv2's keys are 16 octets each, and its peers build their MSK as exactly these 32
    /// octets and 32 zeros (RFC 3079 layout, strongSwan's eap_mschapv2.c): padding makes ours equal to theirs. (With
    /// an HMAC PRF the short key would give the same AUTH anyway, as HMAC pads its key with zeros; strongSwan relies
    /// on that. A PRF with a fixed key length, AES-XCBC, would not.)
    /// </summary>
    public static byte[]? MskFrom(RadiusPacket accept, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> requestAuthenticator)
    {
        byte[]? send = null, receive = null;
        foreach (var attribute in accept.Attributes)
        {
            if (attribute.Type != RadiusAttributeType.VendorSpecific) continue;
            var value = attribute.Value;
            if (value.Length < 4 || System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value) != RadiusValues.VendorMicrosoft) continue;
            // One vendor attribute may hold several sub-attributes (RFC 2865 §5.26's suggested format).
            for (int at = 4; at + 2 <= value.Length;)
            {
                byte vendorType = value[at];
                int length = value[at + 1];
                if (length < 2 || at + length > value.Length) break;
                var data = value.Slice(at + 2, length - 2);
                if (vendorType == RadiusValues.MsMppeSendKey) send = Decrypt(data, secret, requestAuthenticator);
                else if (vendorType == RadiusValues.MsMppeRecvKey) receive = Decrypt(data, secret, requestAuthenticator);
                at += length;
            }
        }
        if (send is null || receive is null) return null;
        var msk = new byte[Math.Max(MskLength, receive.Length + send.Length)];
        receive.CopyTo(msk, 0);
        send.CopyTo(msk, receive.Length);
        return msk;
    }
}

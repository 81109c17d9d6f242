using System.Security.Cryptography;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Auth;

/// <summary>
/// Signs and verifies the AUTH payload's data over the &lt;SignedOctets&gt; of RFC 7296 §2.15, for the signature
/// methods: RSA Digital Signature (1, RSASSA-PKCS1-v1_5 with SHA-1), ECDSA (9, 10, 11: RFC 4754, r|s of fixed size,
/// the curve and hash fixed by the method) and Digital Signature (14: RFC 7427, AlgorithmIdentifier in front, ECDSA
/// as a DER Ecdsa-Sig-Value).
/// </summary>
/// <remarks>Verification never throws on peer bytes: a malformed AUTH is simply false.</remarks>
public static class SignatureAuthenticator
{
    /// <summary>
    /// The method and scheme we sign with: Digital Signature (14) with the strongest SHA-2 hash the peer listed in
    /// SIGNATURE_HASH_ALGORITHMS (an ECDSA key prefers the hash that matches its curve), RSASSA-PKCS1-v1_5 for RSA
    /// (the widest support); without that list, the classic method of the key (1 for RSA, 9/10/11 for ECDSA).
    /// </summary>
    public static (AuthenticationMethod Method, SignatureScheme Scheme) Choose(AsymmetricAlgorithm key, IReadOnlyCollection<SignatureHashAlgorithm> peerHashes)
    {
        var kind = KindOf(key);
        if (peerHashes.Count > 0)
        {
            HashAlgorithmName? chosen = null;
            if (kind == SignatureKeyKind.Ecdsa && peerHashes.Contains(SignatureScheme.ToHashId(CurveHash(key.KeySize))))
                chosen = CurveHash(key.KeySize);
            else
            {
                foreach (var id in (ReadOnlySpan<SignatureHashAlgorithm>)[SignatureHashAlgorithm.Sha2_512, SignatureHashAlgorithm.Sha2_384, SignatureHashAlgorithm.Sha2_256])
                {
                    if (!peerHashes.Contains(id)) continue;
                    chosen = SignatureScheme.FromHashId(id);
                    break;
                }
            }
            if (chosen is { } hash) return (AuthenticationMethod.DigitalSignature, new SignatureScheme(kind, hash));
        }
        return kind == SignatureKeyKind.Rsa
            ? (AuthenticationMethod.RsaDigitalSignature, new SignatureScheme(SignatureKeyKind.Rsa, HashAlgorithmName.SHA1))
            : (EcdsaMethod(key.KeySize), new SignatureScheme(SignatureKeyKind.Ecdsa, CurveHash(key.KeySize)));
    }

    /// <summary>
    /// The AUTH payload's Authentication Data for <paramref name="method"/>: for 14, the AlgorithmIdentifier (with its
    /// length octet) and the signature; for 1 and 9-11, the bare signature (<paramref name="scheme"/> must then be
    /// the method's own: SHA-1 for 1, the curve's hash for 9-11).
    /// </summary>
    public static byte[] Sign(AsymmetricAlgorithm privateKey, AuthenticationMethod method, SignatureScheme scheme, ReadOnlySpan<byte> signedOctets)
    {
        byte[] signature = privateKey switch
        {
            RSA rsa => rsa.SignData(signedOctets.ToArray(), scheme.Hash, scheme.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignData(signedOctets, scheme.Hash,
                method == AuthenticationMethod.DigitalSignature ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new ArgumentException("RSA or ECDSA key expected", nameof(privateKey)),
        };
        if (method != AuthenticationMethod.DigitalSignature) return signature;
        var identifier = scheme.AlgorithmIdentifier;
        var data = new byte[1 + identifier.Length + signature.Length];
        data[0] = (byte)identifier.Length;
        identifier.CopyTo(data, 1);
        signature.CopyTo(data, 1 + identifier.Length);
        return data;
    }

    /// <summary>Checks AUTH data made with <paramref name="method"/> by the holder of <paramref name="publicKey"/>'s private key.</summary>
    public static bool Verify(AsymmetricAlgorithm publicKey, AuthenticationMethod method, ReadOnlySpan<byte> authData, ReadOnlySpan<byte> signedOctets)
    {
        try
        {
            return VerifyMethod(publicKey, method, authData, signedOctets);
        }
        catch (CryptographicException)
        {
            return false; // e.g. a hash the platform's policy refuses
        }
    }

    private static bool VerifyMethod(AsymmetricAlgorithm publicKey, AuthenticationMethod method, ReadOnlySpan<byte> authData, ReadOnlySpan<byte> signedOctets)
    {
        switch (method, publicKey)
        {
            case (AuthenticationMethod.RsaDigitalSignature, RSA rsa):
                return rsa.VerifyData(signedOctets, authData, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
            case (AuthenticationMethod.EcdsaSha256P256 or AuthenticationMethod.EcdsaSha384P384 or AuthenticationMethod.EcdsaSha512P521, ECDsa ecdsa):
                // RFC 4754: the method fixes the curve and the hash.
                if (EcdsaMethod(ecdsa.KeySize) != method) return false;
                return ecdsa.VerifyData(signedOctets, authData, CurveHash(ecdsa.KeySize), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            case (AuthenticationMethod.DigitalSignature, _):
                return VerifyDigitalSignature(publicKey, authData, signedOctets);
            default:
                return false;
        }
    }

    private static bool VerifyDigitalSignature(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> authData, ReadOnlySpan<byte> signedOctets)
    {
        if (authData.Length < 1 || authData.Length < 1 + authData[0]) return false;
        if (!SignatureScheme.TryParse(authData.Slice(1, authData[0]), out var scheme)) return false;
        var signature = authData[(1 + authData[0])..];
        return (scheme!.Key, publicKey) switch
        {
            (SignatureKeyKind.Rsa, RSA rsa) => rsa.VerifyData(signedOctets, signature, scheme.Hash, scheme.Pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            (SignatureKeyKind.Ecdsa, ECDsa ecdsa) => ecdsa.VerifyData(signedOctets, signature, scheme.Hash, DSASignatureFormat.Rfc3279DerSequence),
            _ => false,
        };
    }

    private static SignatureKeyKind KindOf(AsymmetricAlgorithm key) => key switch
    {
        RSA => SignatureKeyKind.Rsa,
        ECDsa => SignatureKeyKind.Ecdsa,
        _ => throw new ArgumentException("RSA or ECDSA key expected", nameof(key)),
    };

    private static HashAlgorithmName CurveHash(int keySize) =>
        keySize <= 256 ? HashAlgorithmName.SHA256 : keySize <= 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;

    // RFC 4754 names one curve per method; a key on any other curve has no classic method (0 matches none).
    private static AuthenticationMethod EcdsaMethod(int keySize) => keySize switch
    {
        256 => AuthenticationMethod.EcdsaSha256P256,
        384 => AuthenticationMethod.EcdsaSha384P384,
        521 => AuthenticationMethod.EcdsaSha512P521,
        _ => 0,
    };
}

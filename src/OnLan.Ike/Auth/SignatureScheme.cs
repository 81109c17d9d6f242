using System.Formats.Asn1;
using System.Security.Cryptography;

namespace OnLan.Ike.Auth;

/// <summary>
/// One signature algorithm as RFC 7427's Digital Signature method (14) names it: key kind, hash and (RSA) padding.
/// <see cref="AlgorithmIdentifier"/> is the DER AlgorithmIdentifier that goes, after its one-octet length, in
/// front of the signature in the AUTH payload:
/// <code>
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  | ASN.1 Length  | AlgorithmIdentifier ASN.1 object              |
///  +-+-+-+-+-+-+-+-+                                               +
///  ~         AlgorithmIdentifier ASN.1 object continuing           ~
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  ~                         Signature Value                       ~
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The encodings we send are those of RFC 7427 Appendix A; what we accept is parsed (RSA parameters NULL or
/// absent, RSASSA-PSS parameters read field by field), because peers differ in those details.
/// </summary>
public sealed record SignatureScheme(SignatureKeyKind Key, HashAlgorithmName Hash, bool Pss = false)
{
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    private const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    private const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    private const string RsassaPss = "1.2.840.113549.1.1.10";
    private const string Mgf1 = "1.2.840.113549.1.1.8";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    private const string Sha1 = "1.3.14.3.2.26";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string Sha384 = "2.16.840.1.101.3.4.2.2";
    private const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public static SignatureScheme RsaSha256 { get; } = new(SignatureKeyKind.Rsa, HashAlgorithmName.SHA256);
    public static SignatureScheme RsaSha384 { get; } = new(SignatureKeyKind.Rsa, HashAlgorithmName.SHA384);
    public static SignatureScheme RsaSha512 { get; } = new(SignatureKeyKind.Rsa, HashAlgorithmName.SHA512);
    public static SignatureScheme RsaPssSha256 { get; } = new(SignatureKeyKind.Rsa, HashAlgorithmName.SHA256, Pss: true);
    public static SignatureScheme RsaPssSha384 { get; } = new(SignatureKeyKind.Rsa, HashAlgorithmName.SHA384, Pss: true);
    public static SignatureScheme RsaPssSha512 { get; } = new(SignatureKeyKind.Rsa, HashAlgorithmName.SHA512, Pss: true);
    public static SignatureScheme EcdsaSha256 { get; } = new(SignatureKeyKind.Ecdsa, HashAlgorithmName.SHA256);
    public static SignatureScheme EcdsaSha384 { get; } = new(SignatureKeyKind.Ecdsa, HashAlgorithmName.SHA384);
    public static SignatureScheme EcdsaSha512 { get; } = new(SignatureKeyKind.Ecdsa, HashAlgorithmName.SHA512);

    /// <summary>The DER AlgorithmIdentifier (RFC 7427 Appendix A.1-A.4).</summary>
    public byte[] AlgorithmIdentifier => Encode(this);

    /// <summary>The hash as the SIGNATURE_HASH_ALGORITHMS notify numbers it.</summary>
    public SignatureHashAlgorithm HashId => ToHashId(Hash);

    public static SignatureHashAlgorithm ToHashId(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? SignatureHashAlgorithm.Sha2_256 :
        hash == HashAlgorithmName.SHA384 ? SignatureHashAlgorithm.Sha2_384 :
        hash == HashAlgorithmName.SHA512 ? SignatureHashAlgorithm.Sha2_512 : SignatureHashAlgorithm.Sha1;

    public static HashAlgorithmName? FromHashId(SignatureHashAlgorithm id) => id switch
    {
        SignatureHashAlgorithm.Sha2_256 => HashAlgorithmName.SHA256,
        SignatureHashAlgorithm.Sha2_384 => HashAlgorithmName.SHA384,
        SignatureHashAlgorithm.Sha2_512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>
    /// Reads an AlgorithmIdentifier we accept: sha256/384/512WithRSAEncryption, RSASSA-PSS with a SHA-2 hash, MGF1
    /// with the same hash and a salt as long as the hash, ecdsa-with-SHA256/384/512. SHA-1 is refused here: we do
    /// not list it in SIGNATURE_HASH_ALGORITHMS. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> der, out SignatureScheme? scheme)
    {
        scheme = null;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            string oid = sequence.ReadObjectIdentifier();
            switch (oid)
            {
                case Sha256WithRsa or Sha384WithRsa or Sha512WithRsa:
                    if (sequence.HasData) sequence.ReadNull();
                    sequence.ThrowIfNotEmpty();
                    scheme = oid switch { Sha256WithRsa => RsaSha256, Sha384WithRsa => RsaSha384, _ => RsaSha512 };
                    return true;
                case EcdsaWithSha256 or EcdsaWithSha384 or EcdsaWithSha512:
                    sequence.ThrowIfNotEmpty();
                    scheme = oid switch { EcdsaWithSha256 => EcdsaSha256, EcdsaWithSha384 => EcdsaSha384, _ => EcdsaSha512 };
                    return true;
                case RsassaPss:
                    scheme = ReadPssParameters(sequence.ReadSequence());
                    sequence.ThrowIfNotEmpty();
                    return scheme is not null;
                default:
                    return false;
            }
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
    //   saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }   (RFC 4055 §3.1)
    private static SignatureScheme? ReadPssParameters(AsnReader parameters)
    {
        string hash = Sha1, mgfHash = Sha1;
        int saltLength = 20, trailer = 1;
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            hash = ReadHashIdentifier(parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence());
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
        {
            var mgf = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)).ReadSequence();
            if (mgf.ReadObjectIdentifier() != Mgf1) return null;
            mgfHash = ReadHashIdentifier(mgf.ReadSequence());
        }
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            if (!parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)).TryReadInt32(out saltLength)) return null;
        if (parameters.HasData && parameters.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)))
            if (!parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)).TryReadInt32(out trailer)) return null;
        parameters.ThrowIfNotEmpty();

        SignatureScheme? scheme = hash switch { Sha256 => RsaPssSha256, Sha384 => RsaPssSha384, Sha512 => RsaPssSha512, _ => null };
        // .NET's PSS uses MGF1 with the message hash and a salt as long as the hash: accept exactly that.
        if (scheme is null || mgfHash != hash || trailer != 1 || saltLength != HashLength(scheme.Hash)) return null;
        return scheme;
    }

    private static string ReadHashIdentifier(AsnReader identifier)
    {
        string oid = identifier.ReadObjectIdentifier();
        if (identifier.HasData) identifier.ReadNull();
        identifier.ThrowIfNotEmpty();
        return oid;
    }

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : hash == HashAlgorithmName.SHA512 ? 64 : 20;

    private static string HashOid(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? Sha256 : hash == HashAlgorithmName.SHA384 ? Sha384 : hash == HashAlgorithmName.SHA512 ? Sha512 : Sha1;

    private static byte[] Encode(SignatureScheme scheme)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (scheme.Key == SignatureKeyKind.Ecdsa)
            {
                // ecdsa-with-SHA*: parameters absent (RFC 5758 §3.2).
                writer.WriteObjectIdentifier(HashOid(scheme.Hash) switch { Sha256 => EcdsaWithSha256, Sha384 => EcdsaWithSha384, _ => EcdsaWithSha512 });
            }
            else if (!scheme.Pss)
            {
                writer.WriteObjectIdentifier(HashOid(scheme.Hash) switch { Sha256 => Sha256WithRsa, Sha384 => Sha384WithRsa, _ => Sha512WithRsa });
                writer.WriteNull();
            }
            else
            {
                // RFC 7427 A.4.3 form: hash and MGF1 hash with NULL parameters, salt length stated, trailer default.
                writer.WriteObjectIdentifier(RsassaPss);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                        WriteHashIdentifier(writer, scheme.Hash);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Mgf1);
                        WriteHashIdentifier(writer, scheme.Hash);
                    }
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                        writer.WriteInteger(HashLength(scheme.Hash));
                }
            }
        }
        return writer.Encode();
    }

    private static void WriteHashIdentifier(AsnWriter writer, HashAlgorithmName hash)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(HashOid(hash));
            writer.WriteNull();
        }
    }
}

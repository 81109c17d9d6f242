using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnLan.Ike.Auth;

/// <summary>
/// Checks a peer's certificates (RFC 7296 §3.6: the first CERT holds the key that signed AUTH, further CERTs may be
/// intermediates) against the one CA that issues client certificates. No revocation check and no downloads: the
/// gateway trusts its CA's current issue, nothing else.
/// </summary>
/// <remarks>
/// The path is built here rather than with <see cref="X509Chain"/>: on Linux X509Chain can fetch missing issuers over
/// HTTP (AIA), and merely referencing it links the whole HTTP client stack into the trimmed binary (~2.5 MB on arm64).
/// What is checked (RFC 5280 §6.1, as far as one configured anchor needs it):
/// <list type="bullet">
/// <item>each certificate's issuer name equals, byte for byte, the subject name of the next one up: an intermediate
/// the peer sent, or the configured CA, which ends the path (its DER must equal <see cref="Authority"/>'s);</item>
/// <item>each signature verifies with the issuer's public key: RSASSA-PKCS1-v1_5 with SHA-1/256/384/512,
/// RSASSA-PSS (salt as long as the hash, MGF1 with the same hash), ECDSA with SHA-1/256/384/512;</item>
/// <item>every certificate of the path, the CA included, is within its validity at the time given;</item>
/// <item>intermediates have basicConstraints cA = TRUE, keyCertSign if they carry a keyUsage, and every CA's
/// pathLenConstraint holds; no certificate below the CA has a critical extension we do not know;</item>
/// <item>at most <see cref="MaxIntermediates"/> intermediates, from the first <see cref="MaxCertificates"/> CERTs.</item>
/// </list>
/// Results, when several paths are possible, best first: Valid, Expired, Invalid (a bad signature under a name that
/// matched, or a broken constraint), Untrusted (no path to the CA at all).
/// </remarks>
public sealed class CertificateValidator
{
    /// <summary>The most intermediates between the peer's certificate and the CA.</summary>
    public const int MaxIntermediates = 4;

    /// <summary>The most CERT payloads looked at (the end entity included); further ones are ignored.</summary>
    public const int MaxCertificates = 8;

    private readonly ParsedCertificate? _anchor;

    public CertificateValidator(X509Certificate2 authority)
    {
        Authority = authority;
        AuthorityKeyHash = SHA1.HashData(authority.PublicKey.ExportSubjectPublicKeyInfo());
        // A CA we cannot read ourselves trusts nothing (every Validate says Untrusted) rather than throwing mid-IKE_AUTH.
        ParsedCertificate.TryParse(authority.RawData, out _anchor);
    }

    public X509Certificate2 Authority { get; }

    /// <summary>SHA-1 of the CA's SubjectPublicKeyInfo: the CERTREQ's Certification Authority field (RFC 7296 §3.7).</summary>
    public byte[] AuthorityKeyHash { get; }

    /// <summary>
    /// Validates <paramref name="certificates"/> (DER, end entity first) at <paramref name="time"/>. On success
    /// <paramref name="endEntity"/> is the peer's certificate, owned by the caller.
    /// </summary>
    public CertificateValidation Validate(IReadOnlyList<byte[]> certificates, DateTimeOffset time, out X509Certificate2? endEntity)
    {
        endEntity = null;
        if (certificates.Count == 0) return CertificateValidation.NoCertificate;
        int count = Math.Min(certificates.Count, MaxCertificates);
        var nodes = new Node[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                if (!ParsedCertificate.TryParse(certificates[i], out var parsed)) return CertificateValidation.Malformed;
                // The only X509Certificate2 parser is the throwing one; peer bytes (authenticated only by the AUTH still
                // to be checked) may be anything, so this is the one place that catches.
                try
                {
                    nodes[i] = new Node(parsed!, X509CertificateLoader.LoadCertificate(certificates[i]));
                }
                catch (CryptographicException)
                {
                    return CertificateValidation.Malformed;
                }
            }
            if (_anchor is null) return CertificateValidation.Untrusted;

            var search = new PathSearch(nodes, _anchor, Authority, time);
            var result = search.Run();
            if (result != CertificateValidation.Valid) return result;
            endEntity = nodes[0].Certificate;
            nodes[0] = default;
            return result;
        }
        finally
        {
            foreach (var node in nodes) node.Certificate?.Dispose();
        }
    }

    private readonly record struct Node(ParsedCertificate Parsed, X509Certificate2 Certificate);

    /// <summary>
    /// Depth-first search from the end entity (node 0) towards the anchor over the certificates the peer sent. Each
    /// signature is verified at most once per (subject, issuer) pair, so a peer sending many look-alike certificates
    /// costs at most <see cref="MaxCertificates"/>² verifications.
    /// </summary>
    private sealed class PathSearch(Node[] nodes, ParsedCertificate anchor, X509Certificate2 authority, DateTimeOffset time)
    {
        // _signatures[child, parent]: 0 not yet checked, 1 verifies, 2 does not; parent index nodes.Length is the anchor.
        private readonly byte[,] _signatures = new byte[nodes.Length, nodes.Length + 1];
        private readonly int[] _path = new int[MaxIntermediates + 1];

        public CertificateValidation Run() => Extend(depth: 0, used: 1u);

        // _path[0..depth] holds the path so far (end entity first); extend it from _path[depth].
        private CertificateValidation Extend(int depth, uint used)
        {
            int child = _path[depth];
            var best = CertificateValidation.Untrusted;
            var issuerName = nodes[child].Parsed.Issuer.Span;

            if (issuerName.SequenceEqual(anchor.Subject.Span))
            {
                best = SignedBy(child, nodes.Length) ? Evaluate(depth) : CertificateValidation.Invalid;
                if (best == CertificateValidation.Valid) return best;
            }
            if (depth == MaxIntermediates) return best;
            for (int parent = 1; parent < nodes.Length; parent++)
            {
                if ((used & (1u << parent)) != 0) continue;
                var candidate = nodes[parent].Parsed;
                if (!issuerName.SequenceEqual(candidate.Subject.Span)) continue;
                // The CA itself sent along is no intermediate: the anchor was tried above.
                if (candidate.Der.Span.SequenceEqual(anchor.Der.Span)) continue;
                CertificateValidation outcome;
                if (!SignedBy(child, parent)) outcome = CertificateValidation.Invalid;
                else
                {
                    _path[depth + 1] = parent;
                    outcome = Extend(depth + 1, used | (1u << parent));
                }
                if (outcome == CertificateValidation.Valid) return outcome;
                best = Better(best, outcome);
            }
            return best;
        }

        // The path _path[0..depth] ends at the anchor: dates first, then the CA constraints.
        private CertificateValidation Evaluate(int depth)
        {
            if (!anchor.IsValidAt(time)) return CertificateValidation.Expired;
            for (int i = 0; i <= depth; i++)
                if (!nodes[_path[i]].Parsed.IsValidAt(time)) return CertificateValidation.Expired;
            for (int i = 0; i <= depth; i++)
                if (nodes[_path[i]].Parsed.HasUnknownCriticalExtension) return CertificateValidation.Invalid;
            // Intermediate _path[i] has i - 1 intermediates below it; the anchor has depth.
            for (int i = 1; i <= depth; i++)
            {
                var intermediate = nodes[_path[i]].Parsed;
                if (!intermediate.IsCa || !intermediate.MayIssueCertificates || intermediate.PathLength < i - 1)
                    return CertificateValidation.Invalid;
            }
            if (!anchor.MayIssueCertificates || anchor.PathLength < depth) return CertificateValidation.Invalid;
            return CertificateValidation.Valid;
        }

        private bool SignedBy(int child, int parent)
        {
            ref byte known = ref _signatures[child, parent];
            if (known == 0)
            {
                var issuer = parent == nodes.Length ? authority : nodes[parent].Certificate;
                known = nodes[child].Parsed.IsSignedBy(issuer) ? (byte)1 : (byte)2;
            }
            return known == 1;
        }

        private static CertificateValidation Better(CertificateValidation a, CertificateValidation b) => Rank(a) >= Rank(b) ? a : b;

        private static int Rank(CertificateValidation result) => result switch
        {
            CertificateValidation.Valid => 3,
            CertificateValidation.Expired => 2,
            CertificateValidation.Invalid => 1,
            _ => 0,
        };
    }

    /// <summary>
    /// The parts of a DER Certificate (RFC 5280 §4.1) the path check needs, slices of the input. Construct with
    /// <see cref="TryParse"/>, which never throws.
    /// </summary>
    private sealed class ParsedCertificate
    {
        private const string BasicConstraintsOid = "2.5.29.19";
        private const string KeyUsageOid = "2.5.29.15";
        private const string Sha1WithRsa = "1.2.840.113549.1.1.5";
        private const string EcdsaWithSha1 = "1.2.840.10045.4.1";

        // Extensions whose criticality we may ignore: either checked here (basicConstraints, keyUsage), checked by the
        // caller (subjectAltName: CertificateIdentity), or without effect on a path to one configured CA (key
        // identifiers, extended key usage, certificate policies: we ask for no particular policy).
        private static readonly string[] KnownExtensions =
            [BasicConstraintsOid, KeyUsageOid, "2.5.29.17", "2.5.29.14", "2.5.29.35", "2.5.29.37", "2.5.29.32"];

        private ParsedCertificate()
        {
        }

        public ReadOnlyMemory<byte> Der { get; private init; }
        public ReadOnlyMemory<byte> Tbs { get; private init; }
        public ReadOnlyMemory<byte> SignatureAlgorithm { get; private init; }
        public ReadOnlyMemory<byte> Signature { get; private init; }
        public ReadOnlyMemory<byte> Issuer { get; private init; }
        public ReadOnlyMemory<byte> Subject { get; private init; }
        public DateTimeOffset NotBefore { get; private init; }
        public DateTimeOffset NotAfter { get; private init; }
        public bool IsCa { get; private set; }
        /// <summary>pathLenConstraint, or int.MaxValue without one.</summary>
        public int PathLength { get; private set; } = int.MaxValue;
        /// <summary>False only when a keyUsage extension is present without keyCertSign.</summary>
        public bool MayIssueCertificates { get; private set; } = true;
        public bool HasUnknownCriticalExtension { get; private set; }

        public bool IsValidAt(DateTimeOffset time) => NotBefore <= time && time <= NotAfter;

        public static bool TryParse(ReadOnlyMemory<byte> der, out ParsedCertificate? certificate)
        {
            certificate = null;
            try
            {
                certificate = Parse(der);
                return true;
            }
            catch (AsnContentException)
            {
                return false;
            }
        }

        // Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
        // TBSCertificate ::= SEQUENCE { version [0] EXPLICIT INTEGER DEFAULT v1, serialNumber INTEGER, signature AlgorithmIdentifier,
        //   issuer Name, validity SEQUENCE { notBefore Time, notAfter Time }, subject Name, subjectPublicKeyInfo SEQUENCE,
        //   issuerUniqueID [1] IMPLICIT BIT STRING OPTIONAL, subjectUniqueID [2] IMPLICIT BIT STRING OPTIONAL,
        //   extensions [3] EXPLICIT SEQUENCE OF Extension OPTIONAL }
        private static ParsedCertificate Parse(ReadOnlyMemory<byte> der)
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var certificateReader = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var tbsEncoded = certificateReader.ReadEncodedValue();
            var signatureAlgorithm = certificateReader.ReadEncodedValue();
            if (!certificateReader.TryReadPrimitiveBitString(out int unusedBits, out var signature) || unusedBits != 0)
                throw new AsnContentException("signatureValue");
            certificateReader.ThrowIfNotEmpty();

            var tbs = new AsnReader(tbsEncoded, AsnEncodingRules.DER).ReadSequence();
            var version0 = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (tbs.PeekTag().HasSameClassAndValue(version0))
            {
                var version = tbs.ReadSequence(version0);
                version.ReadInteger();
                version.ThrowIfNotEmpty();
            }
            tbs.ReadIntegerBytes();
            // RFC 5280 §4.1.1.2: the algorithm inside must be the one outside.
            if (!tbs.ReadEncodedValue().Span.SequenceEqual(signatureAlgorithm.Span)) throw new AsnContentException("signature algorithms differ");
            var issuer = tbs.ReadEncodedValue();
            var validity = tbs.ReadSequence();
            var notBefore = ReadTime(validity);
            var notAfter = ReadTime(validity);
            validity.ThrowIfNotEmpty();
            var subject = tbs.ReadEncodedValue();
            tbs.ReadSequence(); // subjectPublicKeyInfo: read by X509Certificate2 when the key is wanted
            var certificate = new ParsedCertificate
            {
                Der = der,
                Tbs = tbsEncoded,
                SignatureAlgorithm = signatureAlgorithm,
                Signature = signature,
                Issuer = issuer,
                Subject = subject,
                NotBefore = notBefore,
                NotAfter = notAfter,
            };
            for (int tag = 1; tag <= 2; tag++)
                if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, tag)))
                    tbs.ReadEncodedValue();
            var extensions3 = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            if (tbs.HasData)
            {
                var wrapper = tbs.ReadSequence(extensions3);
                var extensions = wrapper.ReadSequence();
                wrapper.ThrowIfNotEmpty();
                while (extensions.HasData) certificate.ReadExtension(extensions.ReadSequence());
            }
            tbs.ThrowIfNotEmpty();
            return certificate;
        }

        private static DateTimeOffset ReadTime(AsnReader reader) =>
            reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

        // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
        private void ReadExtension(AsnReader extension)
        {
            string oid = extension.ReadObjectIdentifier();
            bool critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            var value = extension.ReadOctetString();
            extension.ThrowIfNotEmpty();
            switch (oid)
            {
                case BasicConstraintsOid:
                    // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
                    var outer = new AsnReader(value, AsnEncodingRules.DER);
                    var constraints = outer.ReadSequence();
                    outer.ThrowIfNotEmpty();
                    if (constraints.HasData && constraints.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean)) IsCa = constraints.ReadBoolean();
                    if (constraints.HasData)
                    {
                        if (!constraints.TryReadInt32(out int length) || length < 0) throw new AsnContentException("pathLenConstraint");
                        PathLength = length;
                    }
                    constraints.ThrowIfNotEmpty();
                    break;
                case KeyUsageOid:
                    // KeyUsage ::= BIT STRING { digitalSignature (0), ..., keyCertSign (5), ... }
                    var usage = new AsnReader(value, AsnEncodingRules.DER);
                    byte[] bits = usage.ReadBitString(out _);
                    usage.ThrowIfNotEmpty();
                    MayIssueCertificates = bits.Length > 0 && (bits[0] & 0x04) != 0;
                    break;
                default:
                    if (critical && Array.IndexOf(KnownExtensions, oid) < 0) HasUnknownCriticalExtension = true;
                    break;
            }
        }

        /// <summary>Whether this certificate's signature verifies with <paramref name="issuer"/>'s public key.</summary>
        public bool IsSignedBy(X509Certificate2 issuer)
        {
            try
            {
                if (!TryReadAlgorithm(SignatureAlgorithm.Span, out var key, out var hash, out bool pss)) return false;
                if (key == SignatureKeyKind.Rsa)
                {
                    using var rsa = issuer.GetRSAPublicKey();
                    return rsa is not null &&
                        rsa.VerifyData(Tbs.Span, Signature.Span, hash, pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                }
                using var ecdsa = issuer.GetECDsaPublicKey();
                return ecdsa is not null && ecdsa.VerifyData(Tbs.Span, Signature.Span, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
            catch (CryptographicException)
            {
                return false; // an issuer key the platform cannot load, a hash its policy refuses…
            }
        }

        // The AUTH payload's AlgorithmIdentifiers (SHA-2, RSASSA-PSS with a salt as long as the hash) plus the SHA-1
        // forms certificates still use: sha1WithRSAEncryption (parameters NULL or absent), ecdsa-with-SHA1 (absent).
        private static bool TryReadAlgorithm(ReadOnlySpan<byte> identifier, out SignatureKeyKind key, out HashAlgorithmName hash, out bool pss)
        {
            if (SignatureScheme.TryParse(identifier, out var scheme))
            {
                (key, hash, pss) = (scheme!.Key, scheme.Hash, scheme.Pss);
                return true;
            }
            (key, hash, pss) = (SignatureKeyKind.Rsa, HashAlgorithmName.SHA1, false);
            try
            {
                var reader = new AsnReader(identifier.ToArray(), AsnEncodingRules.DER);
                var sequence = reader.ReadSequence();
                reader.ThrowIfNotEmpty();
                switch (sequence.ReadObjectIdentifier())
                {
                    case Sha1WithRsa:
                        if (sequence.HasData) sequence.ReadNull();
                        break;
                    case EcdsaWithSha1:
                        key = SignatureKeyKind.Ecdsa;
                        break;
                    default:
                        return false;
                }
                sequence.ThrowIfNotEmpty();
                return true;
            }
            catch (AsnContentException)
            {
                return false;
            }
        }
    }
}

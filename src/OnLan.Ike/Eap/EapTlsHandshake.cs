using X509Certificate2 = System.Security.Cryptography.X509Certificates.X509Certificate2;
using OnLan.Ike.Auth;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace OnLan.Ike.Eap;

/// <summary>
/// The gateway's side of the TLS handshake inside EAP-TLS, as BouncyCastle asks for it: TLS 1.2 only, ECDHE suites
/// for the server key's kind, a CertificateRequest naming the configured CAs, and the client certificate checked when
/// it arrives. Refusals are TLS fatal alerts (the library's way), which <see cref="EapTlsServer"/> turns into
/// EAP-Failure; <see cref="Refusal"/> keeps the reason for the log.
/// </summary>
/// <remarks>
/// TLS 1.2 only: strongSwan 5.9's eap-tls (charon.plugins.eap-tls.max_version = 1.2) and Windows use it, and EAP-TLS
/// over TLS 1.3 (RFC 9190) derives its keys differently and ends with a different message flow. No session
/// resumption: every login proves its certificate.
/// </remarks>
internal sealed class EapTlsHandshake(LeanTlsCrypto crypto, EapTlsCredentials credentials, string eapIdentity, DateTimeOffset now)
    : DefaultTlsServer(crypto)
{
    /// <summary>RFC 5216 §2.3: the label of the PRF that makes the MSK and EMSK.</summary>
    public const string KeyMaterialLabel = "client EAP encryption";
    public const int MskLength = 64;

    // AEAD only: strongSwan's eap-tls and Windows take ECDHE with AES-GCM. No CBC suites (they would keep BouncyCastle's AES
    // engine and CBC mode in the binary, over its size contract; see LeanTlsCrypto), no plain RSA key transport (no forward
    // secrecy), no DHE (slow here).
    private static readonly int[] RsaCipherSuites =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private static readonly int[] EcdsaCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private bool _clientCertificateAccepted;

    /// <summary>Set when the handshake completed with an accepted client certificate.</summary>
    public byte[]? Msk { get; private set; }

    /// <summary>Why the handshake was refused, when it was our decision (a bad certificate…); null otherwise.</summary>
    public string? Refusal { get; private set; }

    public override ProtocolVersion[] GetProtocolVersions() => ProtocolVersion.TLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, credentials.ServerKeyIsRsa ? RsaCipherSuites : EcdsaCipherSuites);

    // RFC 5216 §2.1.1: the server MUST request a client certificate.
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        [.. credentials.AuthorityNames]);

    // An RSA key signs with PKCS#1 v1.5 or with RSASSA-PSS (rsa_pss_rsae_*, which TLS 1.2 may use too, RFC 8446 §4.2.3).
    protected override TlsCredentialedSigner GetRsaSignerCredentials() => Signer(
        SignatureAlgorithm.rsa, SignatureAlgorithm.rsa_pss_rsae_sha256, SignatureAlgorithm.rsa_pss_rsae_sha384, SignatureAlgorithm.rsa_pss_rsae_sha512);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => Signer(SignatureAlgorithm.ecdsa);

    // The signature is made with the .NET key (DotNetTlsSigner), not BouncyCastle's BcDefaultTlsCredentialedSigner,
    // for the binary's size contract (see LeanTlsCrypto).
    private DefaultTlsCredentialedSigner Signer(params short[] usable)
    {
        var certificate = new Certificate([crypto.CreateCertificate(credentials.ServerCertificate)]);
        return new DefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), new DotNetTlsSigner(credentials.ServerKey), certificate,
            ChooseSignature(m_context.SecurityParameters.ClientSigAlgs, usable));
    }

    // ECDHE only. BouncyCastle's default factory also makes the DH, PSK, SRP and RSA key exchanges, with their standard
    // groups, none of which this server negotiates (the binary's size contract; see BouncyCastle.Substitutions.xml).
    public override TlsKeyExchangeFactory GetKeyExchangeFactory() => new EcdheOnly();

    private sealed class EcdheOnly : AbstractTlsKeyExchangeFactory
    {
        public override TlsKeyExchange CreateECDheKeyExchangeServer(int keyExchange, TlsECConfig ecConfig) =>
            new TlsECDheKeyExchange(keyExchange, ecConfig);
    }

    // The client's first listed group that LeanTlsCrypto has (x25519, secp256r1, secp384r1): the base class would take
    // any curve the client names, and LeanTlsCrypto keeps only these three.
    protected override int SelectECDH(int minimumCurveBits)
    {
        var offered = m_context.SecurityParameters.ClientSupportedGroups;
        if (offered is null)
            return SelectECDHDefault(minimumCurveBits);
        foreach (int group in offered)
            if (Crypto.HasNamedGroup(group) && NamedGroup.GetCurveBits(group) >= minimumCurveBits)
                return group;
        return -1;
    }

    protected override int SelectECDHDefault(int minimumCurveBits) =>
        minimumCurveBits <= 256 ? NamedGroup.secp256r1 : minimumCurveBits <= 384 ? NamedGroup.secp384r1 : -1;

    // The client's first listed scheme our key can make (its list is in its order of preference). A client that sent no
    // signature_algorithms takes SHA-1 with the key's algorithm (RFC 5246 §7.4.1.4.1).
    // Only schemes DotNetTlsSigner makes count (no SHA-224, no MD5).
    private SignatureAndHashAlgorithm ChooseSignature(IList<SignatureAndHashAlgorithm>? offered, short[] usable)
    {
        if (offered is null)
            return SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, usable[0]);
        foreach (var algorithm in offered)
            if (Array.IndexOf(usable, algorithm.Signature) >= 0 && crypto.HasSignatureAndHashAlgorithm(algorithm))
                return algorithm;
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no signature scheme in common for the server key");
    }

    // strongSwan's TLS stack sends neither renegotiation_info nor the SCSV (RFC 5746), which BouncyCastle refuses by
    // default. The attack RFC 5746 closes splices a renegotiation onto a victim's connection; EAP-TLS carries no
    // application data and ends at Finished, and BouncyCastle's server never renegotiates, so there is nothing to splice.
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
            throw Refuse("the client sent no certificate", AlertDescription.handshake_failure);

        var chain = clientCertificate.GetCertificateList().Select(c => c.GetEncoded()).ToList();
        var best = CertificateValidation.Untrusted;
        X509Certificate2? endEntity = null;
        foreach (var authority in credentials.Authorities)
        {
            var result = authority.Validate(chain, now, out endEntity);
            if (result == CertificateValidation.Valid) break;
            if (result != CertificateValidation.Untrusted) best = result;
        }
        if (endEntity is null)
        {
            throw best switch
            {
                CertificateValidation.Expired => Refuse("the client certificate, or its CA, is expired or not yet valid", AlertDescription.certificate_expired),
                CertificateValidation.Untrusted => Refuse("the client certificate is not from a configured CA", AlertDescription.unknown_ca),
                CertificateValidation.Malformed => Refuse("the client certificate cannot be read", AlertDescription.bad_certificate),
                _ => Refuse("the client certificate's path is invalid (a signature or a CA constraint)", AlertDescription.bad_certificate),
            };
        }
        using (endEntity)
        {
            if (EapTlsClientCertificate.Refusal(endEntity, eapIdentity) is { } refusal)
                throw Refuse(refusal, AlertDescription.access_denied);
        }
        _clientCertificateAccepted = true;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        // Whatever path the library took (a client may leave its Certificate message out altogether), no login without
        // a certificate that NotifyClientCertificate accepted.
        if (!_clientCertificateAccepted)
            throw Refuse("the handshake ended without an accepted client certificate", AlertDescription.handshake_failure);
        // RFC 5216 §2.3: Key_Material = TLS-PRF-128(master_secret, "client EAP encryption", client.random || server.random),
        // MSK = its first 64 octets. The PRF is computed here, not with ExportKeyingMaterial, because BouncyCastle's exporter
        // insists on the extended master secret (RFC 7627) and an EAP-TLS peer need not offer it; the master secret is
        // only readable during this call.
        var parameters = m_context.SecurityParameters;
        byte[] seed = [.. parameters.ClientRandom, .. parameters.ServerRandom];
        Msk = TlsUtilities.Prf(parameters, parameters.MasterSecret, KeyMaterialLabel, seed, MskLength).Extract();
    }

    private TlsFatalAlert Refuse(string reason, short alert)
    {
        Refusal = reason;
        return new TlsFatalAlert(alert, reason);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Configuration;
using OnLan.Ike;
using OnLan.Ike.Eap;

namespace OnLan.Vpn;

/// <summary>
/// EAP login for remote PCs that leave AUTH out of IKE_AUTH: EAP-TLS with a client certificate
/// (<c>set vpn eap tls enable</c>) and EAP-MSCHAPv2 against <c>set vpn user &lt;name&gt; password</c>. The
/// configuration holds the passwords' NT hashes only (`password` is stored as `nt-hash`); the certificates are turned
/// into the TLS stack's form once, when the configuration is put into force.
/// </summary>
/// <remarks>
/// With both configured, EAP-TLS is offered first (a certificate is the stronger proof) and a peer that wants
/// MSCHAPv2 says so with a Nak (RFC 3748 §5.3.1); Windows, Apple, Android and strongSwan clients all do.
/// </remarks>
public static class EapLogin
{
    /// <summary>
    /// A factory of EAP servers for the engine, or null when no method is configured. EAP-TLS needs the gateway's
    /// certificate (with its key) and the CA client certificates come from; without them it is left out, and said so.
    /// </summary>
    public static Func<IEapServer>? For(VpnConfiguration vpn, X509Certificate2? serverCertificate, X509Certificate2? clientCertificateAuthority,
        TimeProvider wallClock)
    {
        var offers = new List<EapMethodOffer>();
        if (vpn.EapTls && TlsCredentials(serverCertificate, clientCertificateAuthority) is { } credentials)
            offers.Add(new EapMethodOffer(EapType.Tls, () => new EapTlsServer(credentials, wallClock.GetUtcNow())));

        var hashes = vpn.Users.Where(u => u.Value.NtHash is not null)
            .ToDictionary(u => u.Key, u => Convert.FromHexString(u.Value.NtHash!), StringComparer.Ordinal);
        if (hashes.Count > 0)
            offers.Add(new EapMethodOffer(EapType.MsChapV2,
                () => new EapMsChapV2Server(name => hashes.GetValueOrDefault(name), () => RandomNumberGenerator.GetBytes(MsChapV2.ChallengeLength))));

        if (offers.Count == 0) return null;
        return () => new AuthenticatorEapServer(new EapAuthenticator(offers, firstIdentifier: RandomNumberGenerator.GetBytes(1)[0]));
    }

    private static EapTlsCredentials? TlsCredentials(X509Certificate2? serverCertificate, X509Certificate2? authority)
    {
        if (serverCertificate is null || authority is null)
        {
            Log.Error("vpn: EAP-TLS needs the gateway's certificate and a CA for client certificates: EAP-TLS is off");
            return null;
        }
        try
        {
            return EapTlsCredentials.Create(serverCertificate, [authority]);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            Log.Error($"vpn: EAP-TLS cannot use the gateway's key ({e.Message}): EAP-TLS is off");
            return null;
        }
    }

    private sealed class AuthenticatorEapServer(EapAuthenticator authenticator) : IEapServer
    {
        private byte[] _last = [];

        public byte[] Start() => _last = authenticator.Start();

        // A response the authenticator does not take (a retransmission) gets the last request again.
        public byte[] Receive(ReadOnlySpan<byte> response)
        {
            _last = authenticator.Receive(response) ?? _last;
            // The engine logs that EAP failed; why (a certificate refused, TLS broken) only the method knows.
            if (authenticator.State == EapMethodState.Failed && authenticator.Method is EapTlsServer { FailureReason: { } reason })
                Log.Info($"vpn: EAP-TLS for {authenticator.Identity}: {reason}");
            return _last;
        }

        public bool Succeeded => authenticator.State == EapMethodState.Succeeded;
        public bool Failed => authenticator.State == EapMethodState.Failed;
        public string? Identity => authenticator.Identity;
        public byte[]? Msk => authenticator.Msk;
    }
}

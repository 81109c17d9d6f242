using System.Security.Cryptography.X509Certificates;
using System.Text;
using OnLan.Ike.Auth;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Ike.Eap;

/// <summary>
/// What EAP-TLS asks of a client certificate beyond a valid path to a configured CA (<see cref="CertificateValidator"/>):
/// that it is meant for client authentication, and that it names the EAP identity the peer claimed.
/// </summary>
/// <remarks>
/// The lease, the logs and the failure throttle know a user by the identity from EAP-Response/Identity, so that name
/// must be one the certificate vouches for, else a user with a good certificate could take another user's address.
/// It matches as the certificate issuer (<c>request pki client</c>) writes names: a subjectAltName entry of the
/// identity's form (rfc822Name for user@domain, iPAddress for an address, dNSName otherwise, ASCII case ignored), or
/// the subject's common name exactly.
/// </remarks>
public static class EapTlsClientCertificate
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    /// <summary>Null when <paramref name="certificate"/> may log in as <paramref name="eapIdentity"/>; else why not, for the log.</summary>
    public static string? Refusal(X509Certificate2 certificate, string eapIdentity)
    {
        foreach (var extension in certificate.Extensions)
        {
            // RFC 5280 §4.2.1.12: with an EKU present, the certificate is for those purposes only.
            if (extension is X509EnhancedKeyUsageExtension eku && !HasPurpose(eku, ClientAuthOid))
                return "the client certificate is not for client authentication (extended key usage)";
            // The peer signs CertificateVerify with this key (every suite we offer is ECDHE).
            if (extension is X509KeyUsageExtension usage && (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
                return "the client certificate's key may not sign (key usage)";
        }
        return Names(certificate, eapIdentity) ? null : $"the client certificate does not name '{eapIdentity}'";
    }

    /// <summary>Whether the certificate's subjectAltName or common name is <paramref name="eapIdentity"/> (see the remarks).</summary>
    public static bool Names(X509Certificate2 certificate, string eapIdentity)
    {
        if (eapIdentity.Length == 0) return false;
        bool inSubjectAltName = eapIdentity.Contains('@')
            ? CertificateIdentity.Matches(IdentificationType.Rfc822Address, Encoding.ASCII.GetBytes(eapIdentity), certificate)
            : Ipv4Address.TryParse(eapIdentity, out var address)
                ? CertificateIdentity.Matches(IdentificationType.Ipv4Address, AddressBytes(address), certificate)
                : CertificateIdentity.Matches(IdentificationType.Fqdn, Encoding.ASCII.GetBytes(eapIdentity), certificate);
        return inSubjectAltName || certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == eapIdentity;
    }

    private static bool HasPurpose(X509EnhancedKeyUsageExtension eku, string purpose)
    {
        foreach (var oid in eku.EnhancedKeyUsages)
            if (oid.Value == purpose || oid.Value == AnyExtendedKeyUsageOid)
                return true;
        return false;
    }

    private static byte[] AddressBytes(Ipv4Address address)
    {
        var bytes = new byte[4];
        address.WriteTo(bytes);
        return bytes;
    }
}

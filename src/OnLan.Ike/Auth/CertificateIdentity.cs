using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Auth;

/// <summary>
/// Whether an IKE identity (IDi/IDr) is vouched for by a certificate (RFC 7296 §3.5, RFC 4945 §3.1): an ID_DER_ASN1_DN
/// must equal the subject, byte for byte; an ID_RFC822_ADDR, ID_FQDN or ID_IPV4_ADDR must appear in the
/// subjectAltName as rfc822Name, dNSName or iPAddress (names compared without regard to ASCII case).
/// </summary>
public static class CertificateIdentity
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag Rfc822Name = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag DnsName = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag IpAddress = new(TagClass.ContextSpecific, 7);

    public static bool Matches(IdentificationType type, ReadOnlySpan<byte> data, X509Certificate2 certificate)
    {
        switch (type)
        {
            case IdentificationType.DerAsn1Dn:
                return data.SequenceEqual(certificate.SubjectName.RawData);
            case IdentificationType.Rfc822Address or IdentificationType.Fqdn or IdentificationType.Ipv4Address:
                var wanted = type switch
                {
                    IdentificationType.Rfc822Address => Rfc822Name,
                    IdentificationType.Fqdn => DnsName,
                    _ => IpAddress,
                };
                foreach (var extension in certificate.Extensions)
                {
                    if (extension.Oid?.Value == SubjectAltNameOid && SubjectAltNameContains(extension.RawData, wanted, data))
                        return true;
                }
                return false;
            default:
                return false;
        }
    }

    // GeneralNames ::= SEQUENCE OF GeneralName; rfc822Name [1] IA5String, dNSName [2] IA5String, iPAddress [7] OCTET STRING.
    private static bool SubjectAltNameContains(byte[] extension, Asn1Tag wanted, ReadOnlySpan<byte> data)
    {
        try
        {
            var names = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (!tag.HasSameClassAndValue(wanted))
                {
                    names.ReadEncodedValue();
                    continue;
                }
                if (wanted == IpAddress)
                {
                    if (names.ReadOctetString(wanted).AsSpan().SequenceEqual(data)) return true;
                }
                else if (string.Equals(names.ReadCharacterString(UniversalTagNumber.IA5String, wanted), Encoding.ASCII.GetString(data),
                             StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        catch (AsnContentException)
        {
        }
        return false;
    }
}

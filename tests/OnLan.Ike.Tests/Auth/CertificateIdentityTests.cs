using System.Net;
using System.Text;
using OnLan.Ike.Auth;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Auth;

public class CertificateIdentityTests
{
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Ca = TestCertificates.CreateCa("OnLan Test CA");
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate =
        TestCertificates.Issue(Ca, "CN=client, O=OnLan Test", email: "client@onlan.test", dns: "pc.onlan.test", address: IPAddress.Parse("203.0.113.2"));

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Distinguished_name_id_matches_the_subject_byte_for_byte()
    {
        Assert.True(CertificateIdentity.Matches(IdentificationType.DerAsn1Dn, Certificate.SubjectName.RawData, Certificate));
        var other = new System.Security.Cryptography.X509Certificates.X500DistinguishedName("CN=someone else, O=OnLan Test");
        Assert.False(CertificateIdentity.Matches(IdentificationType.DerAsn1Dn, other.RawData, Certificate));
    }

    [Fact]
    public void Email_id_matches_the_rfc822_name_in_the_subject_alt_name()
    {
        Assert.True(CertificateIdentity.Matches(IdentificationType.Rfc822Address, Ascii("client@onlan.test"), Certificate));
        Assert.True(CertificateIdentity.Matches(IdentificationType.Rfc822Address, Ascii("Client@OnLan.test"), Certificate));
    }

    [Fact]
    public void Fqdn_id_matches_the_dns_name_in_the_subject_alt_name()
    {
        Assert.True(CertificateIdentity.Matches(IdentificationType.Fqdn, Ascii("pc.onlan.test"), Certificate));
    }

    [Fact]
    public void Ipv4_id_matches_the_address_in_the_subject_alt_name()
    {
        Assert.True(CertificateIdentity.Matches(IdentificationType.Ipv4Address, [203, 0, 113, 2], Certificate));
        Assert.False(CertificateIdentity.Matches(IdentificationType.Ipv4Address, [203, 0, 113, 3], Certificate));
    }

    [Theory]
    [InlineData(IdentificationType.Rfc822Address, "other@onlan.test", "another address")]
    [InlineData(IdentificationType.Fqdn, "client@onlan.test", "an e-mail address is not a DNS name")]
    [InlineData(IdentificationType.Rfc822Address, "pc.onlan.test", "a DNS name is not an e-mail address")]
    [InlineData(IdentificationType.Fqdn, "client", "the subject's CN is not a subjectAltName")]
    [InlineData(IdentificationType.KeyId, "client@onlan.test", "key IDs are not vouched for by certificates")]
    public void Id_that_the_certificate_does_not_name_does_not_match(IdentificationType type, string id, string why)
    {
        Assert.False(CertificateIdentity.Matches(type, Ascii(id), Certificate), why);
    }
}

using System.Security.Cryptography;
using OnLan.Ike.Auth;

namespace OnLan.Ike.Tests.Auth;

public class CertificateValidatorTests
{
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Ca = TestCertificates.CreateCa("OnLan Test CA");
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 OtherCa = TestCertificates.CreateCa("Other CA");
    private readonly CertificateValidator _validator = new(Ca);
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public void Certificate_issued_by_the_ca_is_accepted_and_returned()
    {
        using var client = TestCertificates.Issue(Ca, "CN=client", email: "client@onlan.test");

        var result = _validator.Validate([client.RawData], Now, out var endEntity);

        Assert.Equal(CertificateValidation.Valid, result);
        Assert.Equal(client.RawData, endEntity!.RawData);
        endEntity.Dispose();
    }

    [Fact]
    public void Certificate_from_another_ca_is_refused()
    {
        using var stranger = TestCertificates.Issue(OtherCa, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Untrusted, _validator.Validate([stranger.RawData], Now, out var endEntity));
        Assert.Null(endEntity);
    }

    [Fact]
    public void Another_ca_sent_along_as_intermediate_does_not_make_it_trusted()
    {
        using var stranger = TestCertificates.Issue(OtherCa, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Untrusted, _validator.Validate([stranger.RawData, OtherCa.RawData], Now, out _));
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        using var expired = TestCertificates.Issue(Ca, "CN=client", Now.AddDays(-30), Now.AddDays(-1), email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Expired, _validator.Validate([expired.RawData], Now, out _));
    }

    [Fact]
    public void Validity_is_judged_at_the_time_given_not_the_machine_clock()
    {
        using var client = TestCertificates.Issue(Ca, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Expired, _validator.Validate([client.RawData], Now.AddYears(1), out _));
    }

    [Fact]
    public void No_certificate_and_garbage_are_refused_without_throwing()
    {
        Assert.Equal(CertificateValidation.NoCertificate, _validator.Validate([], Now, out _));
        Assert.Equal(CertificateValidation.Malformed, _validator.Validate([[0x30, 0x03, 0x02, 0x01, 0x01]], Now, out _));
    }

    [Fact]
    public void Certificate_request_hash_is_sha1_of_the_ca_subject_public_key_info()
    {
        Assert.Equal(SHA1.HashData(Ca.PublicKey.ExportSubjectPublicKeyInfo()), _validator.AuthorityKeyHash);
        Assert.Equal(20, _validator.AuthorityKeyHash.Length);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnLan.Ike.Auth;

namespace OnLan.Ike.Tests.Auth;

public class CertificateValidatorTests
{
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("OnLan Test CA");
    private static readonly X509Certificate2 OtherCa = TestCertificates.CreateCa("Other CA");
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
    public void Chain_through_intermediates_the_peer_sent_is_accepted_in_any_order_with_extras()
    {
        using var upper = TestCertificates.CreateIntermediate(Ca, "Upper CA");
        using var lower = TestCertificates.CreateIntermediate(upper, "Lower CA");
        using var client = TestCertificates.Issue(lower, "CN=client", email: "client@onlan.test");
        using var unrelated = TestCertificates.CreateIntermediate(OtherCa, "Unrelated CA");

        Assert.Equal(CertificateValidation.Valid, _validator.Validate([client.RawData, lower.RawData, upper.RawData], Now, out var first));
        Assert.Equal(client.RawData, first!.RawData);
        first.Dispose();
        Assert.Equal(CertificateValidation.Valid, _validator.Validate([client.RawData, unrelated.RawData, upper.RawData, lower.RawData], Now, out var second));
        second!.Dispose();
        // The CA itself sent along changes nothing.
        Assert.Equal(CertificateValidation.Valid, _validator.Validate([client.RawData, Ca.RawData, lower.RawData, upper.RawData], Now, out var third));
        third!.Dispose();
    }

    [Fact]
    public void Missing_intermediate_is_untrusted()
    {
        using var intermediate = TestCertificates.CreateIntermediate(Ca, "Intermediate CA");
        using var client = TestCertificates.Issue(intermediate, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Untrusted, _validator.Validate([client.RawData], Now, out var endEntity));
        Assert.Null(endEntity);
    }

    [Fact]
    public void Intermediate_from_another_ca_is_untrusted()
    {
        using var intermediate = TestCertificates.CreateIntermediate(OtherCa, "Intermediate CA");
        using var client = TestCertificates.Issue(intermediate, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Untrusted, _validator.Validate([client.RawData, intermediate.RawData, OtherCa.RawData], Now, out _));
    }

    [Fact]
    public void Intermediate_that_is_not_a_ca_is_refused()
    {
        using var notCa = TestCertificates.CreateIntermediate(Ca, "Not A CA", isCa: false);
        using var client = TestCertificates.Issue(notCa, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([client.RawData, notCa.RawData], Now, out var endEntity));
        Assert.Null(endEntity);
    }

    [Fact]
    public void Intermediate_without_key_cert_sign_is_refused()
    {
        using var intermediate = TestCertificates.CreateIntermediate(Ca, "Signing Only", keyCertSign: false);
        using var client = TestCertificates.Issue(intermediate, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([client.RawData, intermediate.RawData], Now, out _));
    }

    [Fact]
    public void Path_length_constraint_is_enforced()
    {
        using var upper = TestCertificates.CreateIntermediate(Ca, "Upper CA", pathLength: 0);
        using var lower = TestCertificates.CreateIntermediate(upper, "Lower CA");
        using var tooDeep = TestCertificates.Issue(lower, "CN=client", email: "client@onlan.test");
        using var allowed = TestCertificates.Issue(upper, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([tooDeep.RawData, lower.RawData, upper.RawData], Now, out _));
        Assert.Equal(CertificateValidation.Valid, _validator.Validate([allowed.RawData, upper.RawData], Now, out var endEntity));
        endEntity!.Dispose();
    }

    [Fact]
    public void Expired_intermediate_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        using var intermediate = TestCertificates.CreateIntermediate(Ca, "Old CA", notBefore: now.AddDays(-60), notAfter: now.AddDays(-1));
        using var client = TestCertificates.Issue(intermediate, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Expired, _validator.Validate([client.RawData, intermediate.RawData], Now, out _));
    }

    [Fact]
    public void More_intermediates_than_the_limit_are_not_followed()
    {
        var chain = new List<X509Certificate2> { Ca };
        for (int i = 0; i <= CertificateValidator.MaxIntermediates; i++) chain.Add(TestCertificates.CreateIntermediate(chain[^1], $"Level {i}"));
        using var client = TestCertificates.Issue(chain[^1], "CN=client", email: "client@onlan.test");
        List<byte[]> sent = [client.RawData, .. chain.Skip(1).Select(c => c.RawData)];
        List<byte[]> shorter = [client.RawData, .. chain.Skip(2).Select(c => c.RawData)];

        Assert.Equal(CertificateValidation.Untrusted, _validator.Validate(sent, Now, out _));
        // One level less, the deepest path allowed, is fine (the top one issued directly by the CA).
        var deepest = new CertificateValidator(chain[1]);
        Assert.Equal(CertificateValidation.Valid, deepest.Validate(shorter, Now, out var endEntity));
        endEntity!.Dispose();
        foreach (var certificate in chain.Skip(1)) certificate.Dispose();
    }

    [Fact]
    public void Forged_signature_under_the_ca_name_is_refused()
    {
        // An impostor CA with exactly our CA's name but its own key.
        using var impostor = TestCertificates.CreateCa("OnLan Test CA");
        Assert.Equal(Ca.SubjectName.RawData, impostor.SubjectName.RawData);
        using var forged = TestCertificates.Issue(impostor, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([forged.RawData], Now, out var endEntity));
        Assert.Null(endEntity);
        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([forged.RawData, impostor.RawData], Now, out _));
    }

    [Fact]
    public void Tampered_certificate_or_signature_is_refused()
    {
        using var client = TestCertificates.Issue(Ca, "CN=client", email: "client@onlan.test");
        byte[] signature = (byte[])client.RawData.Clone();
        signature[^1] ^= 0x01; // the last octet of s in the ECDSA signature
        byte[] body = (byte[])client.RawData.Clone();
        int at = body.AsSpan().IndexOf("client@onlan.test"u8);
        body[at] = (byte)'C';

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([signature], Now, out _));
        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([body], Now, out _));
    }

    [Fact]
    public void Forged_intermediate_signature_is_refused()
    {
        using var intermediate = TestCertificates.CreateIntermediate(Ca, "Intermediate CA");
        using var client = TestCertificates.Issue(intermediate, "CN=client", email: "client@onlan.test");
        byte[] forged = (byte[])intermediate.RawData.Clone();
        forged[^1] ^= 0x01;

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([client.RawData, forged], Now, out _));
    }

    [Theory]
    [InlineData("SHA256", false)]
    [InlineData("SHA384", false)]
    [InlineData("SHA512", false)]
    [InlineData("SHA1", false)]
    [InlineData("SHA256", true)]
    [InlineData("SHA384", true)]
    [InlineData("SHA512", true)]
    public void Rsa_ca_signatures_pkcs1_and_pss_verify(string hashName, bool pss)
    {
        var hash = new HashAlgorithmName(hashName);
        var padding = pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        // .NET no longer self-signs with SHA-1: the CA signs itself with SHA-256, the client certificate with the hash under test.
        var caHash = hash == HashAlgorithmName.SHA1 ? HashAlgorithmName.SHA256 : hash;
        using var ca = TestCertificates.CreateRsaCa("RSA CA", caHash, padding);
        using var client = TestCertificates.IssueFromRsa(ca, "CN=client", hash, padding);
        using var other = TestCertificates.CreateRsaCa("RSA CA", caHash, padding);

        Assert.Equal(CertificateValidation.Valid, new CertificateValidator(ca).Validate([client.RawData], Now, out var endEntity));
        endEntity!.Dispose();
        Assert.Equal(CertificateValidation.Invalid, new CertificateValidator(other).Validate([client.RawData], Now, out _));
    }

    [Fact]
    public void Unknown_critical_extension_is_refused_known_ones_are_not()
    {
        using var unknown = TestCertificates.IssueWithExtension(Ca, "CN=client", new X509Extension("1.3.6.1.4.1.99999.1", [0x05, 0x00], critical: true));
        using var nonCritical = TestCertificates.IssueWithExtension(Ca, "CN=client", new X509Extension("1.3.6.1.4.1.99999.1", [0x05, 0x00], critical: false));
        using var usage = TestCertificates.IssueWithExtension(Ca, "CN=client",
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: true));

        Assert.Equal(CertificateValidation.Invalid, _validator.Validate([unknown.RawData], Now, out _));
        Assert.Equal(CertificateValidation.Valid, _validator.Validate([nonCritical.RawData], Now, out var first));
        first!.Dispose();
        Assert.Equal(CertificateValidation.Valid, _validator.Validate([usage.RawData], Now, out var second));
        second!.Dispose();
    }

    [Fact]
    public void Truncated_or_trailing_bytes_are_malformed()
    {
        using var client = TestCertificates.Issue(Ca, "CN=client", email: "client@onlan.test");

        Assert.Equal(CertificateValidation.Malformed, _validator.Validate([client.RawData[..^1]], Now, out _));
        Assert.Equal(CertificateValidation.Malformed, _validator.Validate([[.. client.RawData, 0x00]], Now, out _));
        Assert.Equal(CertificateValidation.Malformed, _validator.Validate([client.RawData, [0x30, 0x00]], Now, out var endEntity));
        Assert.Null(endEntity);
    }

    [Fact]
    public void Certificate_request_hash_is_sha1_of_the_ca_subject_public_key_info()
    {
        Assert.Equal(SHA1.HashData(Ca.PublicKey.ExportSubjectPublicKeyInfo()), _validator.AuthorityKeyHash);
        Assert.Equal(20, _validator.AuthorityKeyHash.Length);
    }
}

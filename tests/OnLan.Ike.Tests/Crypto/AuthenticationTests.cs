using System.Security.Cryptography;
using System.Text;
using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Crypto;

public class AuthenticationTests
{
    private static readonly byte[] RealMessage = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
    private static readonly byte[] PeerNonce = Enumerable.Range(0, 32).Select(i => (byte)(0xa0 ^ i)).ToArray();
    private static readonly byte[] SkP = Enumerable.Range(0, 32).Select(i => (byte)(7 * i)).ToArray();
    // ID payload body: ID Type FQDN (2), three reserved octets, "gw.example".
    private static readonly byte[] IdBody = [2, 0, 0, 0, .. Encoding.ASCII.GetBytes("gw.example")];
    private static readonly byte[] Psk = Encoding.ASCII.GetBytes("correct horse battery staple");

    [Fact]
    public void Psk_auth_equals_the_RFC_7296_construction_spelled_out()
    {
        var prf = Prf.Create(PrfAlgorithm.HmacSha2_256);

        byte[] signedOctets = Authentication.SignedOctets(prf, RealMessage, PeerNonce, SkP, IdBody);
        byte[] auth = Authentication.SharedKeyAuth(prf, Psk, signedOctets);

        // RFC 7296 §2.15: InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI, MACedIDForI = prf(SK_pi, IDType | RESERVED | InitIDData);
        // AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <InitiatorSignedOctets>).
        byte[] macedId = HMACSHA256.HashData(SkP, IdBody);
        byte[] expectedOctets = [.. RealMessage, .. PeerNonce, .. macedId];
        byte[] padKey = HMACSHA256.HashData(Psk, Encoding.ASCII.GetBytes("Key Pad for IKEv2"));
        byte[] expectedAuth = HMACSHA256.HashData(padKey, expectedOctets);

        Assert.Equal(expectedOctets, signedOctets);
        Assert.Equal(expectedAuth, auth);
        Assert.True(Authentication.VerifySharedKeyAuth(prf, Psk, signedOctets, expectedAuth));
    }

    [Theory]
    [InlineData(PrfAlgorithm.HmacSha1)]
    [InlineData(PrfAlgorithm.HmacSha2_256)]
    [InlineData(PrfAlgorithm.HmacSha2_384)]
    [InlineData(PrfAlgorithm.HmacSha2_512)]
    public void A_wrong_psk_or_altered_octets_do_not_verify(PrfAlgorithm algorithm)
    {
        var prf = Prf.Create(algorithm);
        byte[] signedOctets = Authentication.SignedOctets(prf, RealMessage, PeerNonce, SkP, IdBody);
        byte[] auth = Authentication.SharedKeyAuth(prf, Psk, signedOctets);
        byte[] altered = signedOctets.ToArray();
        altered[0] ^= 1;

        Assert.Equal(prf.OutputLength, auth.Length);
        Assert.True(Authentication.VerifySharedKeyAuth(prf, Psk, signedOctets, auth));
        Assert.False(Authentication.VerifySharedKeyAuth(prf, Encoding.ASCII.GetBytes("correct horse battery stapler"), signedOctets, auth));
        Assert.False(Authentication.VerifySharedKeyAuth(prf, Psk, altered, auth));
        Assert.False(Authentication.VerifySharedKeyAuth(prf, Psk, signedOctets, auth[..^1]));
        Assert.False(Authentication.VerifySharedKeyAuth(prf, Psk, signedOctets, []));
    }
}

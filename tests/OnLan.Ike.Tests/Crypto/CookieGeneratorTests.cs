using OnLan.Ike.Crypto;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Crypto;

public class CookieGeneratorTests
{
    private static readonly byte[] Nonce = Enumerable.Range(0, 32).Select(i => (byte)(i + 100)).ToArray();
    private static readonly Ipv4Address Address = new(203, 0, 113, 7);
    private const ulong Spi = 0x0102030405060708;

    [Fact]
    public void Verifies_its_own_cookie()
    {
        var generator = new CookieGenerator();

        byte[] cookie = generator.Create(Nonce, Address, Spi);

        Assert.Equal(CookieGenerator.CookieLength, cookie.Length);
        Assert.True(cookie.Length <= 64); // RFC 7296 §2.6: cookies are at most 64 octets.
        Assert.True(generator.Verify(cookie, Nonce, Address, Spi));
    }

    [Fact]
    public void Refuses_a_changed_nonce_address_spi_or_cookie()
    {
        var generator = new CookieGenerator();
        byte[] cookie = generator.Create(Nonce, Address, Spi);
        byte[] otherNonce = Nonce.ToArray();
        otherNonce[^1] ^= 1;
        byte[] otherCookie = cookie.ToArray();
        otherCookie[^1] ^= 1;

        Assert.False(generator.Verify(cookie, otherNonce, Address, Spi));
        Assert.False(generator.Verify(cookie, Nonce[..^1], Address, Spi));
        Assert.False(generator.Verify(cookie, Nonce, new Ipv4Address(203, 0, 113, 8), Spi));
        Assert.False(generator.Verify(cookie, Nonce, Address, Spi + 1));
        Assert.False(generator.Verify(otherCookie, Nonce, Address, Spi));
        Assert.False(generator.Verify(cookie[..^1], Nonce, Address, Spi));
        Assert.False(generator.Verify([], Nonce, Address, Spi));
    }

    [Fact]
    public void A_cookie_survives_one_rotation_but_not_two()
    {
        var generator = new CookieGenerator();
        byte[] cookie = generator.Create(Nonce, Address, Spi);

        generator.Rotate();
        Assert.True(generator.Verify(cookie, Nonce, Address, Spi));
        byte[] fresh = generator.Create(Nonce, Address, Spi);
        Assert.NotEqual(cookie, fresh);

        generator.Rotate();
        Assert.False(generator.Verify(cookie, Nonce, Address, Spi));
        Assert.True(generator.Verify(fresh, Nonce, Address, Spi));
    }

    [Fact]
    public void Another_generator_does_not_accept_the_cookie()
    {
        byte[] cookie = new CookieGenerator().Create(Nonce, Address, Spi);

        Assert.False(new CookieGenerator().Verify(cookie, Nonce, Address, Spi));
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using OnLan.Wire;

namespace OnLan.Ike.Crypto;

/// <summary>
/// Stateless cookies, RFC 7296 §2.6: Cookie = &lt;VersionIDofSecret&gt; | Hash(Ni | IPi | SPIi | &lt;secret&gt;), with
/// a 4-byte version and SHA-256 (36 bytes). Holds the current secret and the one before it, so a cookie handed out
/// just before <see cref="Rotate"/> still verifies for one more period. No clock inside: the engine calls Rotate.
/// Safe from any thread: the secrets are one immutable object swapped atomically.
/// </summary>
public sealed class CookieGenerator
{
    public const int SecretLength = 32;
    public const int VersionLength = 4;
    public const int CookieLength = VersionLength + SHA256.HashSizeInBytes;

    private const int SpiLength = 8;
    private const int MaxStackInput = 512;

    private Secrets _secrets;

    public CookieGenerator() => _secrets = new Secrets(new Secret(0, NewSecret()), null);

    public byte[] Create(ReadOnlySpan<byte> nonceI, Ipv4Address initiatorAddress, ulong spiI)
    {
        Secret current = Volatile.Read(ref _secrets).Current;
        var cookie = new byte[CookieLength];
        BinaryPrimitives.WriteUInt32BigEndian(cookie, current.Version);
        Hash(current.Value, nonceI, initiatorAddress, spiI, cookie.AsSpan(VersionLength));
        return cookie;
    }

    public bool Verify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> nonceI, Ipv4Address address, ulong spiI)
    {
        if (cookie.Length != CookieLength) return false;
        uint version = BinaryPrimitives.ReadUInt32BigEndian(cookie);
        Secrets secrets = Volatile.Read(ref _secrets);
        Secret? secret = secrets.Current.Version == version ? secrets.Current
            : secrets.Previous is { } previous && previous.Version == version ? previous
            : null;
        if (secret is null) return false;
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(secret.Value, nonceI, address, spiI, expected);
        return CryptographicOperations.FixedTimeEquals(expected, cookie[VersionLength..]);
    }

    /// <summary>New secret with the next version; the current one stays valid until the next Rotate.</summary>
    public void Rotate()
    {
        Secrets old = Volatile.Read(ref _secrets);
        Volatile.Write(ref _secrets, new Secrets(new Secret(unchecked(old.Current.Version + 1), NewSecret()), old.Current));
    }

    private static void Hash(byte[] secret, ReadOnlySpan<byte> nonceI, Ipv4Address address, ulong spiI, Span<byte> destination)
    {
        int length = nonceI.Length + Ipv4Address.Length + SpiLength + SecretLength;
        Span<byte> input = length <= MaxStackInput ? stackalloc byte[length] : new byte[length];
        nonceI.CopyTo(input);
        address.WriteTo(input[nonceI.Length..]);
        BinaryPrimitives.WriteUInt64BigEndian(input[(nonceI.Length + Ipv4Address.Length)..], spiI);
        secret.CopyTo(input[(nonceI.Length + Ipv4Address.Length + SpiLength)..]);
        SHA256.HashData(input, destination);
        CryptographicOperations.ZeroMemory(input);
    }

    private static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretLength);

    private sealed record Secret(uint Version, byte[] Value);
    private sealed record Secrets(Secret Current, Secret? Previous);
}

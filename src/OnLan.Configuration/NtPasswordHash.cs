using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace OnLan.Configuration;

/// <summary>
/// NtPasswordHash (RFC 2759 §8.3): MD4 of the password in UTF-16LE. The configuration keeps only this, never the
/// password: it is all EAP-MSCHAPv2 needs. MD4 comes from BouncyCastle (.NET has none); the binary carries it anyway.
/// </summary>
public static class NtPasswordHash
{
    public static byte[] Of(string password)
    {
        byte[] unicode = Encoding.Unicode.GetBytes(password);
        var md4 = new MD4Digest();
        md4.BlockUpdate(unicode, 0, unicode.Length);
        byte[] hash = new byte[md4.GetDigestSize()];
        md4.DoFinal(hash, 0);
        return hash;
    }

    /// <summary><see cref="Of"/> as 32 upper-case hex digits, the form the configuration stores.</summary>
    public static string Hex(string password) => Convert.ToHexString(Of(password));
}

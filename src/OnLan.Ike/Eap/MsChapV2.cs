using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace OnLan.Ike.Eap;

/// <summary>
/// The MS-CHAPv2 computations of RFC 2759 §8 and the key derivation of RFC 3079 §3.4, named as in the RFCs so each
/// line can be checked against the pseudocode. MD4 and single DES come from BouncyCastle: .NET has no MD4, and its
/// DES refuses the weak keys an NT hash can legitimately produce (the third key is two hash octets and five zeros).
/// </summary>
public static class MsChapV2
{
    public const int ChallengeLength = 16;
    public const int NtResponseLength = 24;
    public const int PasswordHashLength = 16;
    /// <summary>RFC 3079 §3.4 session key length for 128-bit keys.</summary>
    public const int SessionKeyLength = 16;
    /// <summary>The EAP MSK is 64 octets (RFC 3748 §7.10); IKEv2 uses it whole as the AUTH shared secret (RFC 7296 §2.16).</summary>
    public const int MskLength = 64;
    private const int ChallengeHashLength = 8;

    // RFC 2759 §8.7.
    private static ReadOnlySpan<byte> AuthenticatorMagic1 => "Magic server to client signing constant"u8;
    private static ReadOnlySpan<byte> AuthenticatorMagic2 => "Pad to make it do more than one iteration"u8;
    // RFC 3079 §3.4.
    private static ReadOnlySpan<byte> MasterKeyMagic => "This is the MPPE Master Key"u8;
    private static ReadOnlySpan<byte> ClientSendServerReceiveMagic =>
        "On the client side, this is the send key; on the server side, it is the receive key."u8;
    private static ReadOnlySpan<byte> ClientReceiveServerSendMagic =>
        "On the client side, this is the receive key; on the server side, it is the send key."u8;
    private const int ShsPadLength = 40;
    private const byte ShsPad2Octet = 0xF2;

    /// <summary>NtPasswordHash (RFC 2759 §8.3): MD4 of the password in UTF-16LE ("Unicode" in the RFC).</summary>
    public static byte[] NtPasswordHash(string password) => Md4(Encoding.Unicode.GetBytes(password));

    /// <summary>HashNtPasswordHash (RFC 2759 §8.4): MD4 of the 16-octet password hash.</summary>
    public static byte[] HashNtPasswordHash(ReadOnlySpan<byte> passwordHash) => Md4(passwordHash);

    /// <summary>
    /// ChallengeHash (RFC 2759 §8.2): the first 8 octets of SHA1(PeerChallenge | AuthenticatorChallenge | UserName),
    /// where <paramref name="userName"/> is already stripped of any "DOMAIN\" (<see cref="StripDomain"/>).
    /// </summary>
    public static byte[] ChallengeHash(ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> userName)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(peerChallenge);
        sha1.AppendData(authenticatorChallenge);
        sha1.AppendData(userName);
        return sha1.GetHashAndReset()[..ChallengeHashLength];
    }

    /// <summary>
    /// The user name ChallengeHash covers: RFC 2759 §4 strips the Windows domain, so "DOMAIN\user" hashes as "user".
    /// Like strongSwan (our reference peer), the domain ends at the first backslash.
    /// </summary>
    public static ReadOnlySpan<byte> StripDomain(ReadOnlySpan<byte> name)
    {
        int backslash = name.IndexOf((byte)'\\');
        return backslash < 0 ? name : name[(backslash + 1)..];
    }

    /// <summary>
    /// ChallengeResponse (RFC 2759 §8.5): the password hash, zero-padded to 21 octets, is cut into three 7-octet DES
    /// keys; each encrypts the 8-octet challenge hash.
    /// </summary>
    public static byte[] ChallengeResponse(ReadOnlySpan<byte> challengeHash, ReadOnlySpan<byte> passwordHash)
    {
        Span<byte> paddedHash = stackalloc byte[21];
        paddedHash.Clear();
        passwordHash[..PasswordHashLength].CopyTo(paddedHash);
        var response = new byte[NtResponseLength];
        for (int i = 0; i < 3; i++)
            DesEncrypt(challengeHash[..ChallengeHashLength], paddedHash.Slice(7 * i, 7), response.AsSpan(8 * i, 8));
        CryptographicOperations.ZeroMemory(paddedHash);
        return response;
    }

    /// <summary>GenerateNTResponse (RFC 2759 §8.1), from the stored NT hash rather than the password.</summary>
    public static byte[] GenerateNtResponse(ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> userName, ReadOnlySpan<byte> passwordHash) =>
        ChallengeResponse(ChallengeHash(peerChallenge, authenticatorChallenge, StripDomain(userName)), passwordHash);

    /// <summary>
    /// GenerateAuthenticatorResponse (RFC 2759 §8.7): "S=" and 40 upper-case hex digits of
    /// SHA1(SHA1(PasswordHashHash | NT-Response | Magic1) | ChallengeHash | Magic2).
    /// </summary>
    public static string GenerateAuthenticatorResponse(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> authenticatorChallenge, ReadOnlySpan<byte> userName)
    {
        byte[] passwordHashHash = HashNtPasswordHash(passwordHash);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(passwordHashHash);
        sha1.AppendData(ntResponse);
        sha1.AppendData(AuthenticatorMagic1);
        byte[] digest = sha1.GetHashAndReset();
        sha1.AppendData(digest);
        sha1.AppendData(ChallengeHash(peerChallenge, authenticatorChallenge, StripDomain(userName)));
        sha1.AppendData(AuthenticatorMagic2);
        return "S=" + Convert.ToHexString(sha1.GetHashAndReset());
    }

    /// <summary>GetMasterKey (RFC 3079 §3.4): the first 16 octets of SHA1(PasswordHashHash | NT-Response | Magic1).</summary>
    public static byte[] GetMasterKey(ReadOnlySpan<byte> passwordHashHash, ReadOnlySpan<byte> ntResponse)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(passwordHashHash);
        sha1.AppendData(ntResponse);
        sha1.AppendData(MasterKeyMagic);
        return sha1.GetHashAndReset()[..SessionKeyLength];
    }

    /// <summary>
    /// GetAsymmetricStartKey (RFC 3079 §3.4), 16-octet keys: SHA1(MasterKey | SHSpad1 | s | SHSpad2), where s is the
    /// magic naming the client's send key exactly when (<paramref name="isSend"/> XOR <paramref name="isServer"/>).
    /// </summary>
    public static byte[] GetAsymmetricStartKey(ReadOnlySpan<byte> masterKey, bool isSend, bool isServer)
    {
        var magic = isSend != isServer ? ClientSendServerReceiveMagic : ClientReceiveServerSendMagic;
        Span<byte> shsPad = stackalloc byte[ShsPadLength];
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(masterKey[..SessionKeyLength]);
        shsPad.Clear();
        sha1.AppendData(shsPad);
        sha1.AppendData(magic);
        shsPad.Fill(ShsPad2Octet);
        sha1.AppendData(shsPad);
        return sha1.GetHashAndReset()[..SessionKeyLength];
    }

    /// <summary>
    /// The 64-octet EAP-MSCHAPv2 MSK, laid out as strongSwan's eap_mschapv2.c GenerateMSK builds it
    /// MasterReceiveKey | MasterSendKey | 32 zero octets, the two keys named from the server's side
    /// (RFC 3079 §3.4). So octets 0..15 are the server's receive key (= the client's send key), octets 16..31 the
    /// server's send key (RFC 3079 §3.5.3's SendStartKey128); the layout is the same whichever side computes it, which
    /// is what lets both IKEv2 AUTH payloads agree. hostapd's server
    /// (eap_server_mschapv2.c getKey, "server MS-MPPE-Recv-Key | MS-MPPE-Send-Key") makes the same first 32 octets.
    /// </summary>
    public static byte[] GenerateMsk(ReadOnlySpan<byte> passwordHash, ReadOnlySpan<byte> ntResponse)
    {
        byte[] masterKey = GetMasterKey(HashNtPasswordHash(passwordHash), ntResponse);
        var msk = new byte[MskLength];
        GetAsymmetricStartKey(masterKey, isSend: false, isServer: true).CopyTo(msk, 0);
        GetAsymmetricStartKey(masterKey, isSend: true, isServer: true).CopyTo(msk, SessionKeyLength);
        CryptographicOperations.ZeroMemory(masterKey);
        return msk;
    }

    private static byte[] Md4(ReadOnlySpan<byte> data)
    {
        var md4 = new MD4Digest();
        md4.BlockUpdate(data);
        var hash = new byte[md4.GetDigestSize()];
        md4.DoFinal(hash);
        return hash;
    }

    // RFC 2759 §8.6 DesEncrypt: a 7-octet key spread over 8 octets, 7 key bits each; the parity bit (the low one) is
    // left zero because DES ignores it.
    private static void DesEncrypt(ReadOnlySpan<byte> clear, ReadOnlySpan<byte> key7, Span<byte> cypher)
    {
        var key8 = new byte[8];
        key8[0] = key7[0];
        for (int i = 1; i < 7; i++)
            key8[i] = (byte)((key7[i - 1] << (8 - i)) | (key7[i] >> i));
        key8[7] = (byte)(key7[6] << 1);
        for (int i = 0; i < 8; i++)
            key8[i] &= 0xFE;
        var des = new DesEngine();
        des.Init(forEncryption: true, new KeyParameter(key8));
        des.ProcessBlock(clear, cypher);
        CryptographicOperations.ZeroMemory(key8);
    }
}

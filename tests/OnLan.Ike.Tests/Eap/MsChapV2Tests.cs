using System.Text;
using OnLan.Ike.Eap;

namespace OnLan.Ike.Tests.Eap;

public class MsChapV2Tests
{
    // RFC 2759 §9.2.
    private static readonly byte[] UserName = Encoding.ASCII.GetBytes("User");
    private const string Password = "clientPass";
    private static readonly byte[] AuthenticatorChallenge = Convert.FromHexString("5B5D7C7D7B3F2F3E3C2C602132262628");
    private static readonly byte[] PeerChallenge = Convert.FromHexString("21402324255E262A28295F2B3A337C7E");
    private static readonly byte[] NtResponse = Convert.FromHexString("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");

    [Fact]
    public void NtPasswordHash_matches_RFC_2759_section_9_2()
    {
        Assert.Equal("44EBBA8D5312B8D611474411F56989AE", Convert.ToHexString(MsChapV2.NtPasswordHash(Password)));
    }

    [Fact]
    public void HashNtPasswordHash_matches_RFC_2759_section_9_2()
    {
        byte[] hashHash = MsChapV2.HashNtPasswordHash(MsChapV2.NtPasswordHash(Password));
        Assert.Equal("41C00C584BD2D91C4017A2A12FA59F3F", Convert.ToHexString(hashHash));
    }

    [Fact]
    public void ChallengeHash_matches_RFC_2759_section_9_2()
    {
        byte[] challengeHash = MsChapV2.ChallengeHash(PeerChallenge, AuthenticatorChallenge, UserName);
        Assert.Equal("D02E4386BCE91226", Convert.ToHexString(challengeHash));
    }

    [Fact]
    public void GenerateNtResponse_matches_RFC_2759_section_9_2()
    {
        byte[] ntResponse = MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, UserName, MsChapV2.NtPasswordHash(Password));
        Assert.Equal(NtResponse, ntResponse);
    }

    [Fact]
    public void GenerateAuthenticatorResponse_matches_RFC_2759_section_9_2()
    {
        string response = MsChapV2.GenerateAuthenticatorResponse(
            MsChapV2.NtPasswordHash(Password), NtResponse, PeerChallenge, AuthenticatorChallenge, UserName);
        Assert.Equal("S=407A5589115FD0D6209F510FE9C04566932CDA56", response);
    }

    [Fact]
    public void A_domain_prefix_is_left_out_of_the_challenge_hash()
    {
        byte[] withDomain = MsChapV2.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, "CORP\\User"u8, MsChapV2.NtPasswordHash(Password));
        Assert.Equal(NtResponse, withDomain);
        Assert.Equal("User", Encoding.ASCII.GetString(MsChapV2.StripDomain("CORP\\User"u8)));
        Assert.Equal("User", Encoding.ASCII.GetString(MsChapV2.StripDomain("User"u8)));
    }

    [Fact]
    public void ChallengeResponse_accepts_a_hash_that_makes_a_weak_DES_key()
    {
        // The third DES key is hash octets 14..15 and five zeros: zero octets there give the all-zero weak key,
        // which System.Security.Cryptography.DES would refuse.
        byte[] hash = new byte[16];
        Assert.Equal(24, MsChapV2.ChallengeResponse(new byte[8], hash).Length);
    }

    [Fact]
    public void GetMasterKey_matches_RFC_3079_section_3_5_3()
    {
        byte[] hashHash = MsChapV2.HashNtPasswordHash(MsChapV2.NtPasswordHash(Password));
        Assert.Equal("FDECE3717A8C838CB388E527AE3CDD31", Convert.ToHexString(MsChapV2.GetMasterKey(hashHash, NtResponse)));
    }

    [Fact]
    public void Server_send_start_key_matches_RFC_3079_section_3_5_3()
    {
        // RFC 3079 §3.5.3 computes SendStartKey128 as GetAsymmetricStartKey(MasterKey, 16, TRUE, TRUE): the server's
        // send key, which is the client's receive key.
        byte[] masterKey = Convert.FromHexString("FDECE3717A8C838CB388E527AE3CDD31");
        byte[] serverSend = MsChapV2.GetAsymmetricStartKey(masterKey, isSend: true, isServer: true);
        byte[] clientReceive = MsChapV2.GetAsymmetricStartKey(masterKey, isSend: false, isServer: false);
        Assert.Equal("8B7CDC149B993A1BA118CB153F56DCCB", Convert.ToHexString(serverSend));
        Assert.Equal(serverSend, clientReceive);
        Assert.NotEqual(serverSend, MsChapV2.GetAsymmetricStartKey(masterKey, isSend: false, isServer: true));
    }

    [Fact]
    public void Msk_is_server_receive_key_then_server_send_key_then_32_zeros_as_strongSwan_builds_it()
    {
        byte[] msk = MsChapV2.GenerateMsk(MsChapV2.NtPasswordHash(Password), NtResponse);
        byte[] masterKey = Convert.FromHexString("FDECE3717A8C838CB388E527AE3CDD31");

        Assert.Equal(64, msk.Length);
        // strongSwan GenerateMSK: SHA1(MasterKey | pad1 | "On the client side, this is the send key; …" | pad2) first.
        Assert.Equal(MsChapV2.GetAsymmetricStartKey(masterKey, isSend: false, isServer: true), msk[..16]);
        Assert.Equal(MsChapV2.GetAsymmetricStartKey(masterKey, isSend: true, isServer: false), msk[..16]);
        Assert.Equal("D5F0E9521E3EA9589645E86051C82226", Convert.ToHexString(msk, 0, 16));
        Assert.Equal("8B7CDC149B993A1BA118CB153F56DCCB", Convert.ToHexString(msk, 16, 16));
        Assert.Equal(new byte[32], msk[32..]);
    }
}

using OnLan.Ike;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Esp.Tests;

public class KnownAnswerTests
{
    // draft-mcgrew-gcm-test-01 §4, the AES-256 ESP case: a whole ESP packet with its key, salt, SPI and sequence
    // number. Its plaintext is a 48-byte TCP SYN from 192.168.1.2 to 147.137.21.94:139, padding 01 02, Pad
    // Length 2 and Next Header 1 (the draft's vectors are not tunnel-mode packets, so our SA must refuse the
    // Next Header — after the ICV verified, the window moved and the plaintext came out byte for byte).
    private const string Key = "abbccddef00112233445566778899aababbccddef00112233445566778899aab";
    private const string Salt = "11223344";
    private const uint Spi = 0x4a2cbfe3;
    private const string Packet =
        "4a2cbfe3" + "00000002" + "0102030405060708" +
        "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763" +
        "748a637985771d347f0545659f14e99def842d8e" +
        "b335f4eecfdbf831824b4c4915956c96";
    private const string Plaintext =
        "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000" +
        "7002400020bf0000020405b40101040201020201";

    [Fact]
    public void Aes_256_gcm_esp_packet_from_draft_mcgrew_gcm_test_01_authenticates_and_decrypts()
    {
        var installation = new ChildSaInstallation
        {
            InboundSpi = Spi,
            OutboundSpi = 0x01020304,
            Encryption = EncryptionAlgorithm.AesGcm16,
            EncryptionKeyBits = 256,
            Integrity = IntegrityAlgorithm.None,
            InboundEncryptionKey = Convert.FromHexString(Key + Salt),
            InboundIntegrityKey = [],
            OutboundEncryptionKey = Convert.FromHexString(Key + Salt),
            OutboundIntegrityKey = [],
            Local = new IkeEndpoint(new Ipv4Address(147, 137, 21, 1), 4500),
            Remote = new IkeEndpoint(new Ipv4Address(192, 168, 1, 1), 4500),
            UdpEncapsulated = true,
            RemoteInnerAddress = new Ipv4Address(192, 168, 1, 2),
            LocalSelectors = [TrafficSelector.Ipv4(Ipv4Address.Any, Ipv4Address.Broadcast)],
            IkeSaSpi = 1,
            PeerIdentity = "draft-mcgrew-gcm-test-01",
        };
        using var sa = EspSaPair.Create(installation);
        byte[] esp = Convert.FromHexString(Packet);

        EspDropReason result = sa.Decapsulate(esp, out _, out _);

        Assert.Equal(EspDropReason.UnsupportedNextHeader, result);
        Assert.Equal(0, sa.Inbound.GetDropCount(EspDropReason.IntegrityFailed));
        Assert.Equal(2u, sa.Inbound.Window!.Highest);
        Assert.Equal(Plaintext, Convert.ToHexStringLower(esp.AsSpan(16, esp.Length - 32)));

        // The same bytes with one ciphertext bit flipped: the tag no longer verifies, the window stays.
        using var fresh = EspSaPair.Create(installation);
        byte[] tampered = Convert.FromHexString(Packet);
        tampered[20] ^= 0x01;
        Assert.Equal(EspDropReason.IntegrityFailed, fresh.Decapsulate(tampered, out _, out _));
        Assert.Equal(0u, fresh.Inbound.Window!.Highest);
    }

    public static TheoryData<string> AeadSuites() => new(EspSuite.AesGcm128.Name, EspSuite.AesGcm256.Name, EspSuite.ChaCha20Poly1305.Name);

    [Theory]
    [MemberData(nameof(AeadSuites))]
    public void Sealed_packets_open_with_the_raw_aead_and_the_rfc_layout(string suiteName)
    {
        EspSuite suite = RoundTripTests.Suite(suiteName);
        using var tunnel = new Tunnel(suite, udpEncapsulated: true);
        for (int size = 28; size < 40; size++)
        {
            byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, size, out int innerLength);
            byte[] inner = buffer.AsSpan(EspSa.Headroom, innerLength).ToArray();
            byte[] esp = Tunnel.Seal(tunnel.Gateway, buffer, innerLength);

            byte[] plaintext = RawAead.Open(suite, tunnel.GatewayInstallation.OutboundEncryptionKey, esp);

            Assert.Equal(inner, plaintext[..innerLength]);
            int padLength = plaintext[^2];
            Assert.Equal(0, plaintext.Length % 4);
            Assert.Equal(plaintext.Length, innerLength + padLength + 2);
            for (int i = 0; i < padLength; i++) Assert.Equal(i + 1, plaintext[innerLength + i]);
            Assert.Equal(EspPacket.NextHeaderIpv4, plaintext[^1]);
        }
    }

    [Fact]
    public void Cbc_packets_verify_with_an_independent_hmac_and_decrypt_with_the_carried_iv()
    {
        EspSuite suite = EspSuite.AesCbc256Sha256;
        using var tunnel = new Tunnel(suite, udpEncapsulated: false);
        var ivs = new HashSet<string>();
        for (int i = 0; i < 50; i++)
        {
            byte[] buffer = Tunnel.InnerPacket(Tunnel.LanHost, Tunnel.PeerInner, 100, out int innerLength);
            byte[] inner = buffer.AsSpan(EspSa.Headroom, innerLength).ToArray();
            byte[] esp = Tunnel.Seal(tunnel.Gateway, buffer, innerLength);

            byte[] icv = System.Security.Cryptography.HMACSHA256.HashData(tunnel.GatewayInstallation.OutboundIntegrityKey, esp.AsSpan(0, esp.Length - 16));
            Assert.Equal(icv[..16], esp[^16..]);
            using var aes = System.Security.Cryptography.Aes.Create();
            aes.Key = tunnel.GatewayInstallation.OutboundEncryptionKey;
            byte[] plaintext = aes.DecryptCbc(esp.AsSpan(24, esp.Length - 24 - 16), esp.AsSpan(8, 16), System.Security.Cryptography.PaddingMode.None);
            Assert.Equal(inner, plaintext[..innerLength]);
            Assert.Equal(EspPacket.NextHeaderIpv4, plaintext[^1]);
            Assert.True(ivs.Add(Convert.ToHexString(esp.AsSpan(8, 16))), "IVs must not repeat");
        }
    }
}

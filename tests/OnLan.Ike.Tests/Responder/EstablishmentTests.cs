using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Ike.Sa;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Ike.Tests.Responder;

/// <summary>IKE_SA_INIT + IKE_AUTH between the responder and the test initiator, for each suite and group.</summary>
public sealed class EstablishmentTests
{
    public static TheoryData<string, string> Suites()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in new[] { "aes256gcm16", "chacha20poly1305", "aes256-sha256" })
            foreach (var group in new[] { "x25519", "ecp256", "modp2048" })
                data.Add(suite, group);
        return data;
    }

    private static (IkeSuite Ike, EspSuite Esp) Suite(string name, KeyExchangeGroup group) => name switch
    {
        "aes256gcm16" => (new(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, group),
            new(EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None)),
        "chacha20poly1305" => (new(EncryptionAlgorithm.ChaCha20Poly1305, 256, IntegrityAlgorithm.None, PrfAlgorithm.HmacSha2_256, group),
            new(EncryptionAlgorithm.ChaCha20Poly1305, 256, IntegrityAlgorithm.None)),
        _ => (new(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128, PrfAlgorithm.HmacSha2_256, group),
            new(EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128)),
    };

    private static KeyExchangeGroup Group(string name) => name switch
    {
        "x25519" => KeyExchangeGroup.Curve25519,
        "ecp256" => KeyExchangeGroup.Ecp256,
        _ => KeyExchangeGroup.Modp2048,
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Init_and_auth_establish_an_sa_with_a_lease_and_one_child_sa_whose_keys_match_the_initiators(string suiteName, string groupName)
    {
        var (ike, esp) = Suite(suiteName, Group(groupName));
        var pair = Pair.Create(initiator: o => o with { IkeSuite = ike, EspSuite = esp });

        pair.Connect();

        var initiator = pair.Initiator;
        Assert.Equal(InitiatorState.Established, initiator.State);
        Assert.Equal(IkeSaState.Established, pair.ResponderSa.State);
        Assert.Equal(ike.Group, initiator.Sa.Suite.Group);
        var leased = Pair.PoolAddresses[0];
        Assert.Equal([(Pair.ClientId, leased)], pair.Pool.Acquired);
        Assert.Equal(leased, initiator.AssignedAddress);
        Assert.Equal(Pair.Lan.NetMask, initiator.Netmask);
        Assert.Equal([Pair.Dns], initiator.DnsServers);
        Assert.Equal(Pair.Domain, initiator.DomainName);

        var child = Assert.Single(initiator.Children);
        Assert.Equal([$"{leased}-{leased}"], ChildSaAssert.Ranges(child.InitiatorSelectors));
        Assert.Equal(["192.168.1.0-192.168.1.255", "255.255.255.255-255.255.255.255"], ChildSaAssert.Ranges(child.ResponderSelectors));
        ChildSaAssert.SameKeys(child, Assert.Single(pair.Installer.Installed));
        Assert.Equal(leased, pair.Installer.Installed[0].RemoteInnerAddress);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_faked_nat_detection_hash_makes_the_child_sa_udp_encapsulated(bool fakeNat)
    {
        var pair = Pair.Create(initiator: o => o with { FakeNat = fakeNat }).Connect();

        Assert.Equal(fakeNat, Assert.Single(pair.Installer.Installed).UdpEncapsulated);
        Assert.False(pair.Initiator.NatDetectedByUs);
    }

    [Fact]
    public void An_initiator_without_cfg_request_gets_failed_cp_required_and_no_child_sa()
    {
        var pair = Pair.Create(initiator: o => o with { RequestConfiguration = false }).Connect();

        Assert.Equal(InitiatorState.Established, pair.Initiator.State);
        Assert.Equal(NotifyType.FailedCpRequired, pair.Initiator.ChildError);
        Assert.Empty(pair.Installer.Installed);
        Assert.Empty(pair.Pool.Acquired);
    }
}

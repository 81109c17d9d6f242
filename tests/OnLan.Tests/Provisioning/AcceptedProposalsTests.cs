using OnLan.Ike.Messages;
using OnLan.Ike.Proposals;
using OnLan.Provisioning.Profiles;

namespace OnLan.Tests.Provisioning;

/// <summary>
/// The client profiles name only what the IKE engine accepts: the profiles' table of accepted algorithms, checked
/// both ways against the engine's own selector (every listed algorithm is chosen; every other one is refused).
/// </summary>
public sealed class AcceptedProposalsTests
{
    private static readonly AcceptedProposals Accepted = ClientProfiles.AcceptedProposals;

    private static SecurityAssociationPayload Offer(ushort encryption, ushort? keyBits, ushort? integrity, ushort prf, ushort group) =>
        new([new Proposal(1, ProtocolId.Ike, [],
        [
            new Transform(TransformType.Encryption, encryption, keyBits),
            .. integrity is { } i ? [new Transform(TransformType.Integrity, i, null)] : Array.Empty<Transform>(),
            new Transform(TransformType.PseudoRandomFunction, prf, null),
            new Transform(TransformType.KeyExchange, group, null),
        ])]);

    private static readonly ushort Sha256 = (ushort)IntegrityAlgorithm.HmacSha2_256_128;
    private static readonly ushort PrfSha256 = (ushort)PrfAlgorithm.HmacSha2_256;
    private static readonly ushort X25519 = (ushort)KeyExchangeGroup.Curve25519;

    private static bool IsAead(ushort id) => id is (ushort)EncryptionAlgorithm.AesGcm16 or (ushort)EncryptionAlgorithm.ChaCha20Poly1305;

    [Fact]
    public void Every_encryption_the_profiles_may_name_is_chosen_and_no_other()
    {
        var selector = new ProposalSelector(legacyModp1024: false);
        for (ushort id = 1; id < 40; id++)
        {
            foreach (ushort? bits in (ushort?[])[null, 128, 192, 256])
            {
                var offer = Offer(id, bits, IsAead(id) ? null : Sha256, PrfSha256, X25519);
                bool chosen = selector.SelectIke(offer, KeyExchangeGroup.Curve25519).Found;
                bool listed = Accepted.Encryption.Any(a => a.Id == id && (a.KeyBits == (bits ?? 0) || (bits is null && id == (ushort)EncryptionAlgorithm.ChaCha20Poly1305)));
                Assert.True(chosen == listed, $"encryption {id}/{bits}: selector {(chosen ? "accepts" : "refuses")}, profiles {(listed ? "list it" : "do not")}");
            }
        }
    }

    [Fact]
    public void Every_integrity_prf_and_group_the_profiles_may_name_is_chosen_and_no_other()
    {
        var selector = new ProposalSelector(legacyModp1024: false);
        ushort aes256 = (ushort)EncryptionAlgorithm.AesCbc;
        for (ushort id = 1; id < 40; id++)
        {
            bool integrity = selector.SelectIke(Offer(aes256, 256, id, PrfSha256, X25519), KeyExchangeGroup.Curve25519).Found;
            Assert.True(integrity == Accepted.Integrity.Any(a => a.Id == id), $"integrity {id}");
            bool prf = selector.SelectIke(Offer(aes256, 256, Sha256, id, X25519), KeyExchangeGroup.Curve25519).Found;
            Assert.True(prf == Accepted.PseudoRandomFunctions.Any(a => a.Id == id), $"prf {id}");
            foreach (bool legacy in (bool[])[false, true])
                Assert.True(new ProposalSelector(legacy).IsAcceptable((KeyExchangeGroup)id) == Accepted.AcceptsGroup(id, legacy), $"group {id}, legacy {legacy}");
        }
    }
}

using OnLan.Ike.Crypto;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Proposals;

/// <summary>
/// Chooses among the initiator's proposals in the gateway's order of preference (RFC 7296 §2.7): the strongest
/// encryption any proposal offers wins; within it the preferred integrity, PRF and group. The key-exchange group the
/// initiator already guessed is kept when acceptable, so a good guess costs no INVALID_KE_PAYLOAD round trip.
/// </summary>
public sealed class ProposalSelector(bool legacyModp1024)
{
    private static readonly (EncryptionAlgorithm Algorithm, int Bits)[] EncryptionPreference =
    [
        (EncryptionAlgorithm.AesGcm16, 256), (EncryptionAlgorithm.AesGcm16, 128), (EncryptionAlgorithm.ChaCha20Poly1305, 256),
        (EncryptionAlgorithm.AesCbc, 256), (EncryptionAlgorithm.AesCbc, 128),
    ];

    private static readonly IntegrityAlgorithm[] IntegrityPreference =
        [IntegrityAlgorithm.HmacSha2_256_128, IntegrityAlgorithm.HmacSha2_384_192, IntegrityAlgorithm.HmacSha2_512_256, IntegrityAlgorithm.HmacSha1_96];

    private static readonly PrfAlgorithm[] PrfPreference =
        [PrfAlgorithm.HmacSha2_256, PrfAlgorithm.HmacSha2_384, PrfAlgorithm.HmacSha2_512, PrfAlgorithm.HmacSha1];

    private readonly KeyExchangeGroup[] _groupPreference = legacyModp1024
        ? [KeyExchangeGroup.Curve25519, KeyExchangeGroup.Ecp256, KeyExchangeGroup.Ecp384, KeyExchangeGroup.Modp2048, KeyExchangeGroup.Modp3072, KeyExchangeGroup.Modp1024]
        : [KeyExchangeGroup.Curve25519, KeyExchangeGroup.Ecp256, KeyExchangeGroup.Ecp384, KeyExchangeGroup.Modp2048, KeyExchangeGroup.Modp3072];

    /// <summary>
    /// The IKE SA's suite from SAi1 (or a rekey's SA). <paramref name="offeredGroup"/> is the group of the KE payload.
    /// </summary>
    public IkeSelection SelectIke(SecurityAssociationPayload sa, KeyExchangeGroup offeredGroup)
    {
        IkeSelection? best = null;
        int bestRank = int.MaxValue;
        foreach (var proposal in sa.Proposals)
        {
            if (proposal.Protocol != ProtocolId.Ike) continue;
            if (!TryChooseEncryption(proposal, out var encryption, out int rank) || rank >= bestRank) continue;
            bool aead = IsAead(encryption.Algorithm);
            var integrity = aead ? IntegrityAlgorithm.None : Choose(proposal, TransformType.Integrity, IntegrityPreference);
            if (!aead && integrity == IntegrityAlgorithm.None) continue;
            var prf = Choose(proposal, TransformType.PseudoRandomFunction, PrfPreference);
            if (prf == 0) continue;
            var group = ChooseGroup(proposal, offeredGroup);
            if (group == KeyExchangeGroup.None) continue;
            var suite = new IkeSuite(encryption.Algorithm, encryption.Bits, integrity, prf, group);
            var chosen = new Proposal(proposal.Number, ProtocolId.Ike, proposal.Spi, Transforms(encryption, integrity, prf, group, esn: null));
            best = new IkeSelection(chosen, suite, NeedsGroup: group != offeredGroup ? group : KeyExchangeGroup.None);
            bestRank = rank;
        }
        return best ?? IkeSelection.NoProposalChosen;
    }

    /// <summary>
    /// A Child SA's suite. <paramref name="keGroup"/> is the group of a KE payload sent with it (CREATE_CHILD_SA with
    /// PFS), or None: then key-exchange transforms are ignored (IKE_AUTH, RFC 7296 §1.2) or must allow NONE.
    /// </summary>
    public EspSelection SelectEsp(SecurityAssociationPayload sa, KeyExchangeGroup keGroup, bool keTransformsIgnored)
    {
        EspSelection? best = null;
        int bestRank = int.MaxValue;
        foreach (var proposal in sa.Proposals)
        {
            if (proposal.Protocol != ProtocolId.Esp || proposal.Spi.Length != 4) continue;
            if (!TryChooseEncryption(proposal, out var encryption, out int rank) || rank >= bestRank) continue;
            bool aead = IsAead(encryption.Algorithm);
            var integrity = aead ? IntegrityAlgorithm.None : Choose(proposal, TransformType.Integrity, IntegrityPreference);
            if (!aead && integrity == IntegrityAlgorithm.None) continue;
            // We do not do 64-bit sequence numbers: a proposal must allow "no ESN" (or say nothing about it).
            bool hasEsn = Has(proposal, TransformType.ExtendedSequenceNumbers);
            if (hasEsn && !HasId(proposal, TransformType.ExtendedSequenceNumbers, (ushort)ExtendedSequenceNumbers.No)) continue;
            var group = KeyExchangeGroup.None;
            if (!keTransformsIgnored)
            {
                bool offersKe = Has(proposal, TransformType.KeyExchange);
                if (keGroup != KeyExchangeGroup.None)
                {
                    if (!offersKe) continue;
                    group = ChooseGroup(proposal, keGroup);
                    if (group == KeyExchangeGroup.None) continue;
                }
                else if (offersKe && !HasId(proposal, TransformType.KeyExchange, 0)) continue;
            }
            var suite = new EspSuite(encryption.Algorithm, encryption.Bits, integrity);
            var chosen = new Proposal(proposal.Number, ProtocolId.Esp, [], Transforms(encryption, integrity, prf: 0, group, esn: hasEsn ? ExtendedSequenceNumbers.No : null));
            best = new EspSelection(chosen, suite, PeerSpi: System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi),
                Group: group, NeedsGroup: group != KeyExchangeGroup.None && group != keGroup ? group : KeyExchangeGroup.None);
            bestRank = rank;
        }
        return best ?? EspSelection.NoProposalChosen;
    }

    public bool IsAcceptable(KeyExchangeGroup group) => Array.IndexOf(_groupPreference, group) >= 0 && KeyExchanges.IsSupported(group);

    private static bool TryChooseEncryption(Proposal proposal, out (EncryptionAlgorithm Algorithm, int Bits) chosen, out int rank)
    {
        for (rank = 0; rank < EncryptionPreference.Length; rank++)
        {
            var (algorithm, bits) = EncryptionPreference[rank];
            foreach (var transform in proposal.Transforms)
            {
                if (transform.Type != TransformType.Encryption || transform.Id != (ushort)algorithm || transform.HasUnknownAttribute) continue;
                // ChaCha20-Poly1305 has one key size and no Key Length attribute (RFC 7634 §2); AES needs one.
                bool matches = algorithm == EncryptionAlgorithm.ChaCha20Poly1305 ? transform.KeyLength is null : transform.KeyLength == bits;
                if (!matches) continue;
                chosen = (algorithm, bits);
                return true;
            }
        }
        chosen = default;
        return false;
    }

    private static TEnum Choose<TEnum>(Proposal proposal, TransformType type, TEnum[] preference) where TEnum : struct, Enum
    {
        foreach (var candidate in preference)
            if (HasId(proposal, type, System.Runtime.CompilerServices.Unsafe.As<TEnum, ushort>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in candidate)))) return candidate;
        return default;
    }

    private KeyExchangeGroup ChooseGroup(Proposal proposal, KeyExchangeGroup offered)
    {
        if (offered != KeyExchangeGroup.None && IsAcceptable(offered) && HasId(proposal, TransformType.KeyExchange, (ushort)offered))
            return offered;
        foreach (var group in _groupPreference)
            if (KeyExchanges.IsSupported(group) && HasId(proposal, TransformType.KeyExchange, (ushort)group)) return group;
        return KeyExchangeGroup.None;
    }

    private static bool Has(Proposal proposal, TransformType type)
    {
        foreach (var transform in proposal.Transforms)
            if (transform.Type == type) return true;
        return false;
    }

    private static bool HasId(Proposal proposal, TransformType type, ushort id)
    {
        foreach (var transform in proposal.Transforms)
            if (transform.Type == type && transform.Id == id && !transform.HasUnknownAttribute) return true;
        return false;
    }

    private static bool IsAead(EncryptionAlgorithm algorithm) =>
        algorithm is EncryptionAlgorithm.AesGcm16 or EncryptionAlgorithm.ChaCha20Poly1305;

    private static List<Transform> Transforms((EncryptionAlgorithm Algorithm, int Bits) encryption, IntegrityAlgorithm integrity,
        PrfAlgorithm prf, KeyExchangeGroup group, ExtendedSequenceNumbers? esn)
    {
        var transforms = new List<Transform>
        {
            new(TransformType.Encryption, (ushort)encryption.Algorithm,
                encryption.Algorithm == EncryptionAlgorithm.ChaCha20Poly1305 ? null : (ushort)encryption.Bits),
        };
        if (prf != 0) transforms.Add(new Transform(TransformType.PseudoRandomFunction, (ushort)prf, null));
        if (integrity != IntegrityAlgorithm.None) transforms.Add(new Transform(TransformType.Integrity, (ushort)integrity, null));
        if (group != KeyExchangeGroup.None) transforms.Add(new Transform(TransformType.KeyExchange, (ushort)group, null));
        if (esn is { } value) transforms.Add(new Transform(TransformType.ExtendedSequenceNumbers, (ushort)value, null));
        return transforms;
    }
}

/// <summary>The IKE proposal chosen, or why none: <see cref="NeedsGroup"/> set means "answer INVALID_KE_PAYLOAD with it".</summary>
public sealed record IkeSelection(Proposal? Chosen, IkeSuite? Suite, KeyExchangeGroup NeedsGroup)
{
    public static IkeSelection NoProposalChosen { get; } = new(null, null, KeyExchangeGroup.None);
    public bool Found => Chosen is not null;
}

/// <summary>The ESP proposal chosen (with the initiator's SPI), or none.</summary>
public sealed record EspSelection(Proposal? Chosen, EspSuite? Suite, uint PeerSpi, KeyExchangeGroup Group, KeyExchangeGroup NeedsGroup)
{
    public static EspSelection NoProposalChosen { get; } = new(null, null, 0, KeyExchangeGroup.None, KeyExchangeGroup.None);
    public bool Found => Chosen is not null;
}

namespace OnLan.Provisioning.Profiles;

/// <summary>
/// The algorithms the gateway's IKE responder accepts, as data, so that every profile can be checked against them.
/// </summary>
/// <remarks>
/// Copied from <c>src/OnLan.Ike/Proposals/ProposalSelector.cs</c> (EncryptionPreference, IntegrityPreference,
/// PrfPreference, _groupPreference) as narrowed by <c>OnLan.Ike.Crypto.KeyExchanges.IsSupported</c>,
/// <c>IntegrityTransform.IsSupported</c> and <c>Prf.IsSupported</c>. This project may not reference OnLan.Ike, so the
/// copy is checked against the selector by a test outside this project: change both together. The same encryption
/// and integrity lists serve the IKE SA and ESP; key-exchange groups serve the IKE SA and PFS in CREATE_CHILD_SA.
/// Lists are in the selector's order of preference.
/// </remarks>
public sealed class AcceptedProposals
{
    internal AcceptedProposals()
    {
    }

    public IReadOnlyList<AcceptedAlgorithm> Encryption { get; } =
    [
        new(AlgorithmKind.Encryption, 20, 256, "aes256gcm16"),
        new(AlgorithmKind.Encryption, 20, 128, "aes128gcm16"),
        new(AlgorithmKind.Encryption, 28, 0, "chacha20poly1305"),
        new(AlgorithmKind.Encryption, 12, 256, "aes256"),
        new(AlgorithmKind.Encryption, 12, 128, "aes128"),
    ];

    public IReadOnlyList<AcceptedAlgorithm> Integrity { get; } =
    [
        new(AlgorithmKind.Integrity, 12, 0, "sha256"),
        new(AlgorithmKind.Integrity, 13, 0, "sha384"),
        new(AlgorithmKind.Integrity, 14, 0, "sha512"),
        new(AlgorithmKind.Integrity, 2, 0, "sha1"),
    ];

    public IReadOnlyList<AcceptedAlgorithm> PseudoRandomFunctions { get; } =
    [
        new(AlgorithmKind.PseudoRandomFunction, 5, 0, "prfsha256"),
        new(AlgorithmKind.PseudoRandomFunction, 6, 0, "prfsha384"),
        new(AlgorithmKind.PseudoRandomFunction, 7, 0, "prfsha512"),
        new(AlgorithmKind.PseudoRandomFunction, 2, 0, "prfsha1"),
    ];

    public IReadOnlyList<AcceptedAlgorithm> KeyExchange { get; } =
    [
        new(AlgorithmKind.KeyExchange, 31, 0, "x25519"),
        new(AlgorithmKind.KeyExchange, 19, 0, "ecp256"),
        new(AlgorithmKind.KeyExchange, 20, 0, "ecp384"),
        new(AlgorithmKind.KeyExchange, 14, 0, "modp2048"),
        new(AlgorithmKind.KeyExchange, 15, 0, "modp3072"),
        new(AlgorithmKind.KeyExchange, 2, 0, "modp1024", LegacyOnly: true),
    ];

    /// <summary>Every algorithm above, in one list.</summary>
    public IEnumerable<AcceptedAlgorithm> All => Encryption.Concat(Integrity).Concat(PseudoRandomFunctions).Concat(KeyExchange);

    /// <summary>The algorithm of that kind and strongSwan name, if the gateway accepts it (with or without the legacy switch).</summary>
    public AcceptedAlgorithm? Find(AlgorithmKind kind, string name)
    {
        foreach (var algorithm in All)
            if (algorithm.Kind == kind && algorithm.Name == name) return algorithm;
        return null;
    }

    public bool Accepts(AlgorithmKind kind, string name, bool legacyModp1024 = false) =>
        Find(kind, name) is { } algorithm && (legacyModp1024 || !algorithm.LegacyOnly);

    /// <summary>Whether the gateway accepts group <paramref name="id"/> (IANA transform type 4 ID).</summary>
    public bool AcceptsGroup(ushort id, bool legacyModp1024 = false)
    {
        foreach (var group in KeyExchange)
            if (group.Id == id) return legacyModp1024 || !group.LegacyOnly;
        return false;
    }
}

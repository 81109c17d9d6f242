namespace OnLan.Provisioning.Profiles;

/// <summary>
/// One algorithm the responder accepts: its transform type and IANA ID, the key size for AES (0 where the algorithm has
/// one size), and the strongSwan-style name profiles use (the names of <c>OnLan.Ike.Proposals.Names</c>).
/// </summary>
/// <param name="LegacyOnly">Accepted only with <c>set vpn legacy modp1024 enable</c>.</param>
public sealed record AcceptedAlgorithm(AlgorithmKind Kind, ushort Id, int KeyBits, string Name, bool LegacyOnly = false)
{
    /// <summary>AES-GCM and ChaCha20-Poly1305: encryption with integrity built in, no separate integrity transform.</summary>
    public bool IsAead => Kind == AlgorithmKind.Encryption && Id is 20 or 28;
}

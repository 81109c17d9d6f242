using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

public sealed class AcceptedProposalsTests
{
    private static AcceptedProposals Accepted => ClientProfiles.AcceptedProposals;

    [Fact]
    public void Names_and_ids_are_unique_within_each_kind()
    {
        foreach (var kind in Enum.GetValues<AlgorithmKind>())
        {
            var ofKind = Accepted.All.Where(a => a.Kind == kind).ToList();
            Assert.NotEmpty(ofKind);
            Assert.Equal(ofKind.Count, ofKind.Select(a => a.Name).Distinct().Count());
            Assert.Equal(ofKind.Count, ofKind.Select(a => (a.Id, a.KeyBits)).Distinct().Count());
        }
    }

    [Fact]
    public void Modp1024_is_accepted_only_behind_the_legacy_switch()
    {
        Assert.False(Accepted.Accepts(AlgorithmKind.KeyExchange, "modp1024"));
        Assert.True(Accepted.Accepts(AlgorithmKind.KeyExchange, "modp1024", legacyModp1024: true));
        Assert.False(Accepted.AcceptsGroup(2));
        Assert.True(Accepted.AcceptsGroup(2, legacyModp1024: true));
    }

    [Fact]
    public void What_the_design_table_needs_is_there()
    {
        // docs: Windows AES-CBC x SHA1/SHA2-256, Apple AES-256 + SHA2-256 + MODP2048/ECP256, strongSwan AES-GCM + x25519.
        foreach (string name in new[] { "aes128", "aes256", "aes256gcm16", "aes128gcm16", "chacha20poly1305" })
            Assert.True(Accepted.Accepts(AlgorithmKind.Encryption, name), name);
        foreach (string name in new[] { "sha1", "sha256", "sha384" })
            Assert.True(Accepted.Accepts(AlgorithmKind.Integrity, name), name);
        foreach (ushort group in new ushort[] { 14, 19, 31 })
            Assert.True(Accepted.AcceptsGroup(group), group.ToString());
        Assert.False(Accepted.AcceptsGroup(5)); // MODP-1536: not in the responder's list
    }

    [Fact]
    public void Aead_is_exactly_gcm_and_chacha20()
    {
        Assert.Equal(["aes256gcm16", "aes128gcm16", "chacha20poly1305"], Accepted.Encryption.Where(a => a.IsAead).Select(a => a.Name));
    }
}

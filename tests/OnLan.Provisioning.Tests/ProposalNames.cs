using OnLan.Provisioning.Profiles;

namespace OnLan.Provisioning.Tests;

/// <summary>Checks strongSwan-style proposal strings ("aes256gcm16-prfsha256-x25519, aes256-sha256-…") against the gateway's list.</summary>
internal static class ProposalNames
{
    private static AcceptedProposals Accepted => ClientProfiles.AcceptedProposals;

    /// <summary>Every token of every proposal, with the kind it was found as; fails on a token the gateway does not accept.</summary>
    public static List<AcceptedAlgorithm> AssertAccepted(string proposals, bool ike)
    {
        var found = new List<AcceptedAlgorithm>();
        foreach (string proposal in proposals.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var inThis = new List<AcceptedAlgorithm>();
            foreach (string token in proposal.Split('-'))
            {
                var algorithm = Accepted.All.FirstOrDefault(a => a.Name == token && !a.LegacyOnly);
                Assert.True(algorithm is not null, $"'{token}' in '{proposal}' is not accepted by the gateway");
                inThis.Add(algorithm!);
            }
            Assert.Contains(inThis, a => a.Kind == AlgorithmKind.Encryption);
            bool aead = inThis.Where(a => a.Kind == AlgorithmKind.Encryption).All(a => a.IsAead);
            if (aead) Assert.DoesNotContain(inThis, a => a.Kind == AlgorithmKind.Integrity);
            else Assert.Contains(inThis, a => a.Kind == AlgorithmKind.Integrity);
            if (ike)
            {
                Assert.Contains(inThis, a => a.Kind == AlgorithmKind.KeyExchange);
                Assert.True(aead ? inThis.Any(a => a.Kind == AlgorithmKind.PseudoRandomFunction) : true, "an AEAD IKE proposal needs a PRF");
            }
            else
            {
                Assert.DoesNotContain(inThis, a => a.Kind == AlgorithmKind.PseudoRandomFunction);
            }
            found.AddRange(inThis);
        }
        Assert.NotEmpty(found);
        return found;
    }
}

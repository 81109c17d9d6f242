using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OnLan.Configuration;

namespace OnLan.Provisioning.Profiles;

/// <summary>
/// Client set-up files for one user, made from the running configuration: a PowerShell script for Windows' built-in
/// client, an Apple <c>.mobileconfig</c>, a strongSwan for Android <c>.sswan</c> and a swanctl.conf snippet. Each
/// offers only algorithms in <see cref="AcceptedProposals"/>, and carries the secret of that one user only.
/// </summary>
/// <remarks>One partial file per client format: ClientProfiles.Windows.cs, .Apple.cs, .Android.cs, .StrongSwan.cs.</remarks>
public static partial class ClientProfiles
{
    /// <summary>What the gateway's responder accepts (see <see cref="Profiles.AcceptedProposals"/> for its source).</summary>
    public static AcceptedProposals AcceptedProposals { get; } = new();

    /// <summary>The request with everything a generator needs worked out and checked once.</summary>
    private sealed class Resolved
    {
        public required ProfileRequest Request { get; init; }
        public required ClientAuthentication Authentication { get; init; }
        public required string? PreSharedKey { get; init; }
        public required string RemoteIdentity { get; init; }
        public required byte[] CaCertificateDer { get; init; }
        public required string CaCommonName { get; init; }
        /// <summary>The LAN segment first, then the split networks: what the tunnel routes, as "a.b.c.d/len".</summary>
        public required IReadOnlyList<string> Networks { get; init; }
        public required VpnConfiguration Vpn { get; init; }

        public string Identity => Request.Identity;
        public string Name => Request.ConnectionName;

        /// <summary>
        /// When the client should rekey the IKE SA: 90% of the gateway's lifetime, so the client's rekey comes before
        /// the gateway's hard limit (the lease lives as long as the IKE SA).
        /// </summary>
        public int IkeRekeySeconds => RekeyBefore(Vpn.LifetimeSeconds);

        public int ChildRekeySeconds => RekeyBefore(Vpn.ChildLifetimeSeconds ?? Vpn.LifetimeSeconds);

        private static int RekeyBefore(int lifetime) => Math.Max(60, lifetime - lifetime / 10);
    }

    private static Resolved Resolve(ProfileRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var vpn = request.Configuration.Vpn;
        if (IdentityForms.Classify(request.Identity) == IdentityForm.Invalid)
            throw new ArgumentException($"'{request.Identity}' is not a usable IKE identity", nameof(request));
        if (IdentityForms.Classify(request.ServerAddress) is not (IdentityForm.DnsName or IdentityForm.Address))
            throw new ArgumentException($"'{request.ServerAddress}' is neither a DNS name nor an address", nameof(request));

        vpn.Users.TryGetValue(request.Identity, out var user);
        string? psk = user?.PreSharedKey;
        var authentication = request.Authentication ?? (psk is not null ? ClientAuthentication.PreSharedKey : ClientAuthentication.Certificate);
        if (authentication == ClientAuthentication.PreSharedKey && psk is null)
            throw new ArgumentException($"user '{request.Identity}' has no pre-shared key in the configuration", nameof(request));
        if (request.ClientCertificate is { } credential && credential.Identity != request.Identity)
            throw new ArgumentException("the client certificate belongs to another identity", nameof(request));

        using var ca = X509Certificate2.CreateFromPem(request.CaCertificatePem);
        if (request.Configuration.Lan.Address is not { } lan)
            throw new InvalidOperationException("the lan port has no address: there is no segment to route to");
        var networks = new List<string> { $"{lan.Network}/{lan.PrefixLength}" };
        foreach (var split in vpn.SplitNetworks)
        {
            string text = $"{split.Network}/{split.PrefixLength}";
            if (!networks.Contains(text)) networks.Add(text);
        }
        return new Resolved
        {
            Request = request,
            Authentication = authentication,
            // Only the PSK of the user asking, and only when the profile authenticates with it.
            PreSharedKey = authentication == ClientAuthentication.PreSharedKey ? psk : null,
            RemoteIdentity = vpn.LocalId ?? request.ServerAddress,
            CaCertificateDer = ca.RawData,
            CaCommonName = ca.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            Networks = networks,
            Vpn = vpn,
        };
    }

    /// <summary>A UUID that is the same for the same inputs, so re-installing a profile replaces the old one.</summary>
    private static Guid StableUuid(params string[] parts)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 style (name-based, RFC 9562 §5.5 with SHA-256 truncated)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

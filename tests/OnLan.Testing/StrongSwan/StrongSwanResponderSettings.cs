namespace OnLan.Testing.StrongSwan;

/// <summary>
/// A strongSwan road-warrior gateway for a <see cref="StrongSwanResponder"/>: it hands out addresses from
/// <see cref="PoolRange"/> and <see cref="DnsServers"/> through the Configuration Payload. It stands in for
/// our gateway when a test has to prove the client side on its own.
/// </summary>
/// <remarks>
/// Authentication: the gateway uses its certificate when <see cref="CertificatePath"/> is set, the pre-shared
/// key otherwise; clients must show a certificate chaining to <see cref="CaCertificatePath"/> when that is
/// set, the pre-shared key otherwise.
/// </remarks>
public sealed record StrongSwanResponderSettings
{
    public string Name { get; init; } = "rw";

    public string ChildName { get; init; } = "rw";

    /// <summary><c>local_addrs</c>: the gateway's WAN address.</summary>
    public required string LocalAddress { get; init; }

    public string LocalId { get; init; } = "gw.onlan.test";

    /// <summary>The identity clients must have; null accepts any.</summary>
    public string? RemoteId { get; init; }

    public string IkeProposals { get; init; } = "default";

    public string EspProposals { get; init; } = "default";

    public string? PreSharedKey { get; init; }

    /// <summary>The gateway certificate (PEM); needs <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; init; }

    public string? KeyPath { get; init; }

    /// <summary>The CA (PEM) client certificates must chain to.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>The address pool, <c>first-last</c> or a CIDR.</summary>
    public string PoolRange { get; init; } = "198.18.0.200-198.18.0.220";

    public IReadOnlyList<string> DnsServers { get; init; } = ["198.18.0.53"];

    /// <summary><c>children.&lt;ChildName&gt;.local_ts</c>: what the clients reach through the gateway.</summary>
    public string LocalTs { get; init; } = "0.0.0.0/0";

    /// <summary>Raw swanctl.conf lines appended inside the connection block.</summary>
    public string? ExtraIkeSection { get; init; }

    /// <summary>Raw strongswan.conf lines appended inside <c>charon { }</c>.</summary>
    public string? ExtraCharonSettings { get; init; }
}

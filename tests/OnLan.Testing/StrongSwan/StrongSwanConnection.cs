namespace OnLan.Testing.StrongSwan;

/// <summary>
/// One road-warrior connection for a <see cref="StrongSwanPeer"/>: what goes into
/// <c>swanctl.conf connections { &lt;Name&gt; { ... } }</c>, plus the few charon-wide knobs a test may need.
/// </summary>
/// <remarks>
/// Authentication: the local side uses its certificate when <see cref="CertificatePath"/> is set (with
/// <see cref="KeyPath"/>), the pre-shared key otherwise; the remote side must prove itself with a certificate
/// chaining to <see cref="CaCertificatePath"/> when that is set, with the pre-shared key otherwise.
/// Values are written quoted where they are free text (identities, key); proposals and traffic selectors are
/// written as given and must not contain line breaks, quotes, braces or '#'.
/// </remarks>
public sealed record StrongSwanConnection
{
    /// <summary>The connection's name in swanctl.conf and the <c>--ike</c> argument.</summary>
    public string Name { get; init; } = "gw";

    /// <summary>The Child SA's name (<c>children.&lt;ChildName&gt;</c>, the <c>--child</c> argument).</summary>
    public string ChildName { get; init; } = "net";

    /// <summary><c>local_addrs</c>: the client's own WAN address.</summary>
    public required string LocalAddress { get; init; }

    /// <summary><c>remote_addrs</c>: the gateway's WAN address.</summary>
    public required string RemoteAddress { get; init; }

    /// <summary>IKE <c>proposals</c>, e.g. "aes256-sha1-modp2048" or "aes256gcm16-prfsha256-x25519".</summary>
    public string IkeProposals { get; init; } = "default";

    /// <summary>The Child SA's <c>esp_proposals</c>, e.g. "aes256-sha1" or "aes256gcm16".</summary>
    public string EspProposals { get; init; } = "default";

    public string LocalId { get; init; } = "client@onlan.test";

    /// <summary>The identity the gateway must prove; null accepts any (<c>%any</c>).</summary>
    public string? RemoteId { get; init; } = "gw.onlan.test";

    /// <summary>The pre-shared key (secrets { ike-psk { id-1 = local; id-2 = remote; secret = ... } }).
    /// strongSwan reads a value starting with <c>0x</c> as hex and <c>0s</c> as base64.</summary>
    public string? PreSharedKey { get; init; }

    /// <summary>The client certificate (PEM) for <c>auth = pubkey</c>; needs <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The client certificate's private key (PEM).</summary>
    public string? KeyPath { get; init; }

    /// <summary>The CA (PEM) the gateway's certificate must chain to; set, the gateway authenticates with <c>pubkey</c>.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary><c>vips = 0.0.0.0</c>: ask for an address with a CFG_REQUEST.</summary>
    public bool RequestVirtualIp { get; init; } = true;

    /// <summary><c>children.&lt;ChildName&gt;.local_ts</c>; null leaves strongSwan's default (dynamic: the virtual IP).</summary>
    public string? LocalTs { get; init; }

    /// <summary><c>children.&lt;ChildName&gt;.remote_ts</c>.</summary>
    public string RemoteTs { get; init; } = "0.0.0.0/0";

    /// <summary>IKE SA <c>rekey_time</c> ("0" = never, otherwise e.g. "30s", "4h").</summary>
    public string IkeRekeyTime { get; init; } = "0";

    /// <summary>Child SA <c>rekey_time</c> ("0" = never).</summary>
    public string ChildRekeyTime { get; init; } = "0";

    /// <summary><c>dpd_delay</c> ("0" = no dead-peer detection).</summary>
    public string DpdDelay { get; init; } = "0";

    /// <summary><c>aggressive = yes</c> (IKEv1 only; kept for completeness).</summary>
    public bool Aggressive { get; init; }

    /// <summary><c>mobike</c>; off by default, for simpler traces.</summary>
    public bool Mobike { get; init; }

    /// <summary>
    /// <c>encap = yes</c>: fake a NAT so ESP goes in UDP 4500 from the start. kernel-libipsec requires UDP
    /// encapsulation and makes charon fake the NAT anyway, so false changes nothing with this build; it is
    /// written out so the configuration says what happens on the wire.
    /// </summary>
    public bool ForceEncapsulation { get; init; } = true;

    /// <summary>charon-wide <c>retransmit_tries</c> (strongSwan's default is 5, ~165 s in all).</summary>
    public int RetransmitTries { get; init; } = 3;

    /// <summary>charon-wide <c>retransmit_timeout</c> in seconds (the first wait; later ones grow by 1.8x).</summary>
    public double RetransmitTimeoutSeconds { get; init; } = 2.0;

    /// <summary>
    /// Raw swanctl.conf lines appended inside the connection block. Sections merge and later keys win, so
    /// <c>local { auth = eap-mschapv2 }</c> here overrides the generated authentication.
    /// </summary>
    public string? ExtraIkeSection { get; init; }

    /// <summary>Raw swanctl.conf text appended at the top level (e.g. a <c>secrets { eap-x { ... } }</c> block).</summary>
    public string? ExtraSwanctlConf { get; init; }

    /// <summary>Raw strongswan.conf lines appended inside <c>charon { }</c> (e.g. <c>fragment_size = 1280</c>).</summary>
    public string? ExtraCharonSettings { get; init; }
}

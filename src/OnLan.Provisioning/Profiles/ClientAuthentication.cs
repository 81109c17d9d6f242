namespace OnLan.Provisioning.Profiles;

/// <summary>How the client proves who it is. The gateway always authenticates with its certificate, or with the PSK.</summary>
public enum ClientAuthentication
{
    /// <summary>The user's own pre-shared key (<c>set vpn user &lt;id&gt; psk …</c>), both ways.</summary>
    PreSharedKey,
    /// <summary>A client certificate from the gateway's CA (<see cref="Pki.GatewayPki.IssueClient"/>).</summary>
    Certificate,
    /// <summary>EAP-MSCHAPv2 (user name and password) inside IKE, the gateway authenticated by its certificate.</summary>
    EapMschapv2,
}

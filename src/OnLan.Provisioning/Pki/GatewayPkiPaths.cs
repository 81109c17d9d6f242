namespace OnLan.Provisioning.Pki;

/// <summary>Where the gateway's CA and server credentials live: PEM certificates (0644) and PKCS#8 PEM keys (0600).</summary>
public sealed record GatewayPkiPaths(string CaCertificate, string CaKey, string ServerCertificate, string ServerKey);

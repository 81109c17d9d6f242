using OnLan.Configuration;
using OnLan.Provisioning.Pki;

namespace OnLan.Provisioning.Profiles;

/// <summary>What a client profile is made from: the running configuration, how clients reach the gateway, its CA and the user.</summary>
public sealed record ProfileRequest
{
    public required GatewayConfiguration Configuration { get; init; }

    /// <summary>The gateway's name or address as clients dial it (its server certificate's subjectAltName).</summary>
    public required string ServerAddress { get; init; }

    /// <summary>The CA certificate (PEM) that issued the gateway's server certificate.</summary>
    public required string CaCertificatePem { get; init; }

    /// <summary>The user's IKE identity (a key of <see cref="VpnConfiguration.Users"/> for PSK users).</summary>
    public required string Identity { get; init; }

    /// <summary>Null: the user's PSK when the configuration has one, else a client certificate.</summary>
    public ClientAuthentication? Authentication { get; init; }

    /// <summary>
    /// The user's certificate, embedded as PKCS#12 where the format can carry it (Apple, Android, the Windows script);
    /// without it the user installs the certificate separately. Its password is never written into a profile.
    /// </summary>
    public ClientCredential? ClientCertificate { get; init; }

    /// <summary>The connection's name on the client.</summary>
    public string ConnectionName { get; init; } = "OnLan";

    /// <summary>File names swanctl.conf refers to (in /etc/swanctl/x509ca, x509 and private).</summary>
    public string CaCertificateFileName { get; init; } = "onlan-ca.pem";
    public string ClientCertificateFileName { get; init; } = "onlan-client.pem";
    public string ClientKeyFileName { get; init; } = "onlan-client.key";
}

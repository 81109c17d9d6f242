using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using OnLan.Configuration;
using OnLan.Provisioning.Pki;
using OnLan.Provisioning.Profiles;
using OnLan.Wire;

namespace OnLan.Provisioning.Tests;

/// <summary>One CA, a configuration with three users (two with PSKs), and requests for each.</summary>
public sealed class ProfileFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public const string AliceSecret = "alice-Secret-8421";
    public const string BobSecret = "bob-Other-Secret-5577";

    private readonly TemporaryDirectory _directory = new();

    public ProfileFixture()
    {
        GatewayPki.EnsureCreated(_directory.Path, "vpn.example.com", ["203.0.113.1"], Now);
        CaPem = GatewayPki.ReadCaCertificatePem(_directory.Path);
        CaDer = X509Certificate2.CreateFromPem(CaPem).RawData;
        CarolCertificate = GatewayPki.IssueClient(_directory.Path, "carol@example.com", "carol-p12-password", Now);
        var users = ImmutableSortedDictionary<string, VpnUser>.Empty.WithComparers(StringComparer.Ordinal)
            .Add("alice@example.com", new VpnUser(AliceSecret))
            .Add("bob@example.com", new VpnUser(BobSecret))
            .Add("carol@example.com", new VpnUser(null));
        Configuration = GatewayConfiguration.Empty with
        {
            Lan = new InterfaceConfiguration("eth1", new Ipv4Prefix(Ipv4Address.Parse("198.18.0.1"), 24), null),
            Wan = new InterfaceConfiguration("eth0", new Ipv4Prefix(Ipv4Address.Parse("203.0.113.1"), 24), null),
            Vpn = VpnConfiguration.Empty with
            {
                LocalId = "vpn.example.com",
                Users = users,
                SplitNetworks = [new Ipv4Prefix(Ipv4Address.Parse("10.20.0.0"), 16)],
                DomainName = "lan.example",
            },
        };
    }

    public string CaPem { get; }
    public byte[] CaDer { get; }
    public ClientCredential CarolCertificate { get; }
    public GatewayConfiguration Configuration { get; }

    public ProfileRequest Alice => new()
    {
        Configuration = Configuration, ServerAddress = "vpn.example.com", CaCertificatePem = CaPem, Identity = "alice@example.com",
    };

    public ProfileRequest Carol => new()
    {
        Configuration = Configuration, ServerAddress = "vpn.example.com", CaCertificatePem = CaPem, Identity = "carol@example.com",
        ClientCertificate = CarolCertificate,
    };

    public ProfileRequest CarolEap => Carol with { Authentication = ClientAuthentication.EapMschapv2, ClientCertificate = null };

    public void Dispose() => _directory.Dispose();
}

using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// User name and password login (EAP-MSCHAPv2 in IKE_AUTH, RFC 7296 §2.16) with strongSwan's eap-mschapv2 plugin as
/// the client; the gateway proves itself with its own certificate, which the client checks against the gateway's CA.
/// </summary>
public sealed class EapTests : IDisposable
{
    private const string User = "alice";
    private const string Password = "alice's password";

    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    private static string ClientConf(string password) => ClientConf(User, password);

    /// <summary>strongSwan's eap-mschapv2 client for <paramref name="user"/>, checking the gateway's certificate (gw.onlan.test).</summary>
    internal static string ClientConf(string user, string password) =>
        RoadWarriorConf($"auth = eap-mschapv2\neap_id = {user}", $"eap-user {{\nid = {user}\nsecret = \"{password}\"\n}}");

    /// <summary>
    /// A strongSwan road warrior that asks for an address, proves itself with the lines of <paramref name="local"/>
    /// (its auth method and identity), checks the gateway's certificate (gw.onlan.test) and holds
    /// <paramref name="secrets"/>.
    /// </summary>
    internal static string RoadWarriorConf(string local, string secrets) => $$"""
        connections {
          gw {
            version = 2
            local_addrs = {{WanPeerAddress}}
            remote_addrs = {{GatewayWanAddress}}
            vips = 0.0.0.0
            encap = yes
            local {
        {{local}}
            }
            remote {
              auth = pubkey
              id = gw.onlan.test
            }
            children {
              net {
                remote_ts = 198.18.0.0/24
              }
            }
          }
        }
        secrets {
        {{secrets}}
        }
        """;

    [RootTheory]
    [InlineData(Password, true)]
    [InlineData("not the password", false)]
    public void A_user_logs_in_with_eap_mschapv2_gets_a_lan_address_and_a_wrong_password_is_refused(string password, bool succeeds)
    {
        using var gateway = _net.StartVpnGateway($"set vpn user {User} password \"{Password}\"");
        string ca = Path.Combine(gateway.StateDirectory, "pki", "ca.pem");
        // The file was written with the password in clear; the gateway keeps only its NT hash, in a file only root reads.
        gateway.WaitForLine("passwords stored as NT hashes", Patience);
        string stored = File.ReadAllText(gateway.ConfigPath);
        Assert.DoesNotContain(Password, stored);
        Assert.Matches($@"set vpn user {User} nt-hash [0-9A-F]{{32}}\n", stored);
        if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(gateway.ConfigPath));

        using var peer = StrongSwanPeer.StartWithSwanctlConf(_net.WanPeer, ClientConf(password), "gw", "net", WanPeerAddress, GatewayWanAddress,
            caCertificatePath: ca);
        var initiate = peer.Initiate(Patience);

        if (succeeds)
        {
            Assert.True(initiate.Succeeded, $"{initiate.StdOut}\n{gateway.Log}\n{peer.Log}");
            Assert.StartsWith("198.18.0.2", peer.VirtualIp);
            var ping = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 {LanHostAddress}");
            Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
            gateway.WaitForLine($"vpn: {User} authenticated", Patience);
        }
        else
        {
            Assert.False(initiate.Succeeded, peer.Log);
            Assert.Contains("AUTHENTICATION_FAILED", peer.Log);
            gateway.WaitForLine("EAP authentication failed", Patience);
            Assert.DoesNotContain("leased", gateway.Cli("show leases").StdOut);
        }
    }
}

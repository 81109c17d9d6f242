using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// EAP passed through to RADIUS (`set vpn radius server`): two FreeRADIUS servers (Debian's) on the LAN hold the
/// users; strongSwan's eap-mschapv2 client logs in through the gateway.
/// <code>
///   wan-peer (strongSwan)         gw (onlan)                          lan-host
///   203.0.113.2 ──── wan0 [203.0.113.1]   [198.18.0.1] lan0 ──── eth0 198.18.0.10 (ping target)
///                                                                     198.18.0.11 FreeRADIUS #1 (primary)
///                                                                     198.18.0.12 FreeRADIUS #2 (failover)
/// </code>
/// </summary>
public sealed class RadiusTests : IDisposable
{
    private const string PrimaryAddress = "198.18.0.11";
    private const string SecondaryAddress = "198.18.0.12";
    private const string Secret = "radius shared secret";
    private const string FramedAddress = "198.18.0.215";
    private const string Users = """
        alice	Cleartext-Password := "alice's password"
        bob	Cleartext-Password := "bob's password"
        	Framed-IP-Address = 198.18.0.215
        carol	Cleartext-Password := "carol's password"
        	Framed-IP-Address = 198.18.0.50

        """;
    private static readonly TimeSpan LongPatience = TimeSpan.FromSeconds(60);

    private readonly TwoPortTopology _net = new();
    private readonly List<FreeRadius> _servers = [];

    public RadiusTests()
    {
        foreach (var address in (string[])[PrimaryAddress, SecondaryAddress])
            _net.LanHost.Run($"ip addr add {address}/24 dev eth0").EnsureSuccess($"lan-host address {address}");
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        _net.Dispose();
    }

    private FreeRadius StartServer(string address)
    {
        var server = FreeRadius.Start(_net.LanHost, address, GatewayLanAddress, Secret, Users, Patience);
        _servers.Add(server);
        return server;
    }

    private GatewayProcess StartGateway() => _net.StartVpnGateway($"""
        set vpn radius server {PrimaryAddress} secret "{Secret}"
        set vpn radius server {SecondaryAddress} secret "{Secret}"
        """);

    private StrongSwanPeer StartClient(GatewayProcess gateway, string user, string password) =>
        StrongSwanPeer.StartWithSwanctlConf(_net.WanPeer, EapTests.ClientConf(user, password), "gw", "net", WanPeerAddress, GatewayWanAddress,
            caCertificatePath: Path.Combine(gateway.StateDirectory, "pki", "ca.pem"));

    private string Logs(GatewayProcess gateway, StrongSwanPeer peer) =>
        $"{gateway.Log}\n--- strongSwan\n{peer.Log}" + string.Concat(_servers.Select(s => $"\n--- FreeRADIUS {s.Address}\n{s.Log}"));

    // alice got in: an address from the pool, and the gateway names the server that accepted her.
    private void AssertAliceIsIn(GatewayProcess gateway, StrongSwanPeer peer, CommandResult initiate, string acceptedBy)
    {
        Assert.True(initiate.Succeeded, $"{initiate.StdOut}\n{Logs(gateway, peer)}");
        Assert.StartsWith("198.18.0.2", peer.VirtualIp);
        gateway.WaitForLine($"vpn: radius: alice accepted by {acceptedBy}", Patience);
    }

    // The login failed with <notify> at the client, the gateway logged why, and nothing was leased.
    private void AssertRefused(GatewayProcess gateway, StrongSwanPeer peer, CommandResult initiate, string notify, string because)
    {
        Assert.False(initiate.Succeeded, Logs(gateway, peer));
        Assert.Contains(notify, peer.Log);
        gateway.WaitForLine(because, Patience);
        Assert.DoesNotContain("leased", gateway.Cli("show leases").StdOut);
    }

    [RootFact]
    public void A_user_logs_in_through_radius_gets_a_lan_address_and_reaches_the_lan()
    {
        StartServer(PrimaryAddress);
        StartServer(SecondaryAddress);
        using var gateway = StartGateway();
        using var peer = StartClient(gateway, "alice", "alice's password");

        var initiate = peer.Initiate(Patience);

        AssertAliceIsIn(gateway, peer, initiate, acceptedBy: PrimaryAddress);
        gateway.WaitForLine("vpn: alice authenticated", Patience);
        var ping = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
        Assert.Contains("Sent Access-Accept", _servers[0].Log);
        Assert.DoesNotContain("Access-Request", _servers[1].Log);
    }

    [RootFact]
    public void A_wrong_password_is_rejected_by_radius_and_the_login_fails()
    {
        StartServer(PrimaryAddress);
        using var gateway = StartGateway();
        using var peer = StartClient(gateway, "alice", "not alice's password");

        var initiate = peer.Initiate(Patience);

        AssertRefused(gateway, peer, initiate, "AUTHENTICATION_FAILED", because: $"vpn: radius: alice rejected by {PrimaryAddress}");
    }

    [RootFact]
    public void The_framed_ip_address_radius_assigns_is_the_lease()
    {
        StartServer(PrimaryAddress);
        using var gateway = StartGateway();
        using var peer = StartClient(gateway, "bob", "bob's password");

        var initiate = peer.Initiate(Patience);

        Assert.True(initiate.Succeeded, $"{initiate.StdOut}\n{Logs(gateway, peer)}");
        Assert.Equal(FramedAddress, peer.VirtualIp);
        gateway.WaitForLine($"framed address {FramedAddress}", Patience);
        var ping = _net.LanHost.Run($"ping -c 2 -i 0.2 -W 2 {FramedAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
    }

    [RootFact]
    public void A_framed_ip_address_outside_the_pool_is_refused_with_internal_address_failure()
    {
        StartServer(PrimaryAddress);
        using var gateway = StartGateway();
        using var peer = StartClient(gateway, "carol", "carol's password");

        var initiate = peer.Initiate(Patience);

        AssertRefused(gateway, peer, initiate, "INTERNAL_ADDRESS_FAILURE", because: "framed address 198.18.0.50");
    }

    [RootFact]
    public void With_the_first_server_stopped_the_second_answers()
    {
        StartServer(PrimaryAddress).Kill();
        StartServer(SecondaryAddress);
        using var gateway = StartGateway();
        using var peer = StartClient(gateway, "alice", "alice's password");

        var initiate = peer.Initiate(LongPatience);

        AssertAliceIsIn(gateway, peer, initiate, acceptedBy: SecondaryAddress);
        gateway.Signal(10); // SIGUSR1: counters to the log
        string counters = gateway.WaitForLine("vpn: radius requests=", Patience);
        Assert.Contains("failovers=1", counters);
    }

    [RootFact]
    public void With_both_servers_stopped_the_login_fails_cleanly_and_the_gateway_carries_on()
    {
        StartServer(PrimaryAddress).Kill();
        StartServer(SecondaryAddress).Kill();
        using var gateway = StartGateway();
        using var peer = StartClient(gateway, "alice", "alice's password");

        var initiate = peer.Initiate(LongPatience);

        AssertRefused(gateway, peer, initiate, "AUTHENTICATION_FAILED", because: "vpn: radius: no answer from any radius server for alice");
        gateway.WaitForLine("vpn: authentication of alice failed: no answer from the authentication server", Patience);
        var status = gateway.Cli("show status");
        Assert.True(status.Succeeded, status.StdOut + status.StdErr);
        Assert.Contains("logins found no server answering", status.StdOut);
        // The PSK user still gets in: the gateway is fine (one charon per namespace: the EAP client goes first).
        peer.Dispose();
        using var other = _net.StartRoadWarrior();
        Assert.True(other.Initiate(Patience).Succeeded, other.Log + gateway.Log);
    }
}

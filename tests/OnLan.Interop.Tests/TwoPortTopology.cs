using OnLan.Testing;
using OnLan.Testing.StrongSwan;

namespace OnLan.Interop.Tests;

/// <summary>
/// The foundation's test network, built fresh for each test and removed after it:
/// <code>
///   wan-peer                      gw (onlan, no kernel addresses)          lan-host
///   eth0 203.0.113.2/24 ──veth── wan0 [203.0.113.1]   [198.18.0.1] lan0 ──veth── eth0 198.18.0.10/24
/// </code>
/// wan-peer doubles as the WAN router (the gateway's next hop).
/// </summary>
public sealed class TwoPortTopology : IDisposable
{
    public const string WanPeerAddress = "203.0.113.2";
    public const string GatewayWanAddress = "203.0.113.1";
    public const string LanHostAddress = "198.18.0.10";
    public const string GatewayLanAddress = "198.18.0.1";

    public static string Configuration { get; } = $"""
        # written by the interop tests
        set interfaces wan port wan0
        set interfaces wan address {GatewayWanAddress}/24
        set interfaces wan gateway {WanPeerAddress}
        set interfaces lan port lan0
        set interfaces lan address {GatewayLanAddress}/24
        """;

    public TwoPortTopology()
    {
        try
        {
            WanPeer = NetworkNamespace.Create("wanpeer");
            Gateway = NetworkNamespace.Create("gw");
            LanHost = NetworkNamespace.Create("lanhost");
            Veth.Connect(WanPeer, "eth0", Gateway, "wan0");
            Veth.Connect(Gateway, "lan0", LanHost, "eth0");
            WanPeer.Run($"ip addr add {WanPeerAddress}/24 dev eth0").EnsureSuccess("wan-peer address");
            LanHost.Run($"ip addr add {LanHostAddress}/24 dev eth0").EnsureSuccess("lan-host address");
            // A veth hands a TCP stack's 64 KB TSO/GSO segments to the other end whole; a real cable carries MTU-sized
            // frames. Make the hosts' ends behave like NICs on a wire.
            foreach (var host in (NetworkNamespace[])[WanPeer, LanHost])
                host.Run("ethtool -K eth0 tso off gso off gro off tx-gso-partial off").EnsureSuccess("ethtool offloads");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public NetworkNamespace WanPeer { get; } = null!;
    public NetworkNamespace Gateway { get; } = null!;
    public NetworkNamespace LanHost { get; } = null!;

    public const string Psk = "correct horse battery staple";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The ports plus remote access: a pool in the LAN segment, two DNS servers, a domain, one PSK user.</summary>
    public static string VpnConfiguration(string extra = "") => Configuration + $"""

        set vpn local-id gw.onlan.test
        set vpn pool range 198.18.0.200-198.18.0.220
        set vpn dhcp-option dns 198.18.0.53
        set vpn dhcp-option dns 198.18.0.54
        set vpn dhcp-option domain-name office.onlan.test
        set vpn user client@onlan.test psk "{Psk}"
        {extra}
        """;

    /// <summary>The published gateway with <see cref="VpnConfiguration"/>, started and up on both ports.</summary>
    public GatewayProcess StartVpnGateway(string extra = "")
    {
        var gateway = GatewayProcess.Start(Gateway, VpnConfiguration(extra));
        gateway.WaitForLine("vpn: IKEv2 responder", Patience);
        gateway.WaitForLine("wan: port wan0 up", Patience);
        gateway.WaitForLine("console: `onlan cli` attaches", Patience);
        return gateway;
    }

    /// <summary>strongSwan as the remote PC in wan-peer, with the PSK user's credentials; <paramref name="adjust"/> changes the rest.</summary>
    public StrongSwanPeer StartRoadWarrior(Func<StrongSwanConnection, StrongSwanConnection>? adjust = null)
    {
        var connection = new StrongSwanConnection { LocalAddress = WanPeerAddress, RemoteAddress = GatewayWanAddress, PreSharedKey = Psk };
        return StrongSwanPeer.Start(WanPeer, adjust?.Invoke(connection) ?? connection);
    }

    /// <summary>The MAC of one of the gateway's interfaces, as the kernel reports it.</summary>
    public string GatewayMac(string port) => Gateway.Run($"cat /sys/class/net/{port}/address").EnsureSuccess("read MAC").StdOut.Trim();

    public void Dispose()
    {
        LanHost?.Dispose();
        Gateway?.Dispose();
        WanPeer?.Dispose();
    }
}

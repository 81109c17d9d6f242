using System.Text.RegularExpressions;
using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// `set interfaces wan address dhcp`: dnsmasq in the WAN namespace plays the ISP's DHCP server. The gateway's WAN
/// port gets its address, gateway and DNS from it, renews the lease at T1, and the IKE responder answers on the
/// leased address: a remote PC connects to it and reaches the LAN.
/// </summary>
public sealed partial class WanDhcpTests : IDisposable
{
    private readonly TwoPortTopology _net = new();
    private readonly string _work = Directory.CreateTempSubdirectory("onlan-isp-").FullName;

    public void Dispose()
    {
        _net.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [RootFact]
    public void The_wan_address_comes_from_the_isps_dhcp_server_is_renewed_and_the_ike_responder_follows_it()
    {
        // 2 minutes is dnsmasq's shortest lease: T1 after one.
        _net.WanPeer.Start($"dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=eth0 --bind-interfaces " +
                           $"--dhcp-range=203.0.113.50,203.0.113.60,255.255.255.0,2m --dhcp-option=3,{WanPeerAddress} " +
                           $"--dhcp-option=6,{WanPeerAddress} --dhcp-leasefile={Path.Combine(_work, "leases")} --log-dhcp " +
                           $"--log-facility={Path.Combine(_work, "dnsmasq.log")}");
        string configuration = VpnConfiguration()
            .Replace($"set interfaces wan address {GatewayWanAddress}/24", "set interfaces wan address dhcp")
            .Replace($"set interfaces wan gateway {WanPeerAddress}", "");

        using var gateway = GatewayProcess.Start(_net.Gateway, configuration);
        string bound = gateway.WaitForLine("wan: address 203.0.113.", Patience);
        string leased = WanAddress().Match(bound).Groups[1].Value;
        Assert.Contains($"gateway {WanPeerAddress}", bound);
        Assert.Contains($"dns {WanPeerAddress}", bound);

        // The IKE responder answers on the leased address.
        using var peer = StrongSwanPeer.Start(_net.WanPeer, new StrongSwanConnection { LocalAddress = WanPeerAddress, RemoteAddress = leased, PreSharedKey = Psk });
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        var ping = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);

        gateway.WaitForLine($"wan: dhcp lease of {leased} renewed", TimeSpan.FromSeconds(90));
        Assert.Contains("ESTABLISHED", peer.ListSas());
        Assert.Contains(leased, gateway.Cli("show interfaces").StdOut);
    }

    [GeneratedRegex(@"wan: address (203\.0\.113\.\d+)/")]
    private static partial Regex WanAddress();
}

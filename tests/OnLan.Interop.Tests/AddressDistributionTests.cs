using OnLan.Dhcp;
using OnLan.Ike.Messages;
using OnLan.Testing;
using OnLan.Testing.Ike;
using OnLan.Wire;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// Address distribution against the published gateway: the LAN is asked before an address is handed out, the same
/// identity gets the same address again (also across a restart or a crash), and an empty pool refuses cleanly.
/// strongSwan is one remote PC; the in-tree initiator over UDP is a second one with another identity.
/// </summary>
public sealed class AddressDistributionTests : IDisposable
{
    private const string SecondUser = "second@onlan.test";
    private const string SecondPsk = "a second pre-shared key";
    private static readonly string SecondUserLine = $"set vpn user {SecondUser} psk \"{SecondPsk}\"";

    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    private UdpIkeClient ConnectSecond() =>
        UdpIkeClient.Connect(_net.WanPeer, WanPeerAddress, GatewayWanAddress, SecondUser, SecondPsk, Patience);

    [RootFact]
    public void A_lan_host_squatting_on_the_first_pool_address_keeps_it_and_the_remote_pc_gets_the_next()
    {
        _net.LanHost.Run("ip addr add 198.18.0.200/24 dev eth0").EnsureSuccess("squatter address");
        using var gateway = _net.StartVpnGateway();
        using var peer = _net.StartRoadWarrior();

        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        Assert.Equal("198.18.0.201", peer.VirtualIp);
        gateway.WaitForLine("address 198.18.0.200 is in use on the lan", Patience);
        // The squatter keeps its address: the gateway does not answer ARP for it, and the remote PC reaches it
        // through the tunnel like any LAN host.
        _net.LanHost.Run("ip neigh flush dev eth0");
        var fromRemote = _net.WanPeer.Run("ping -c 2 -i 0.2 -W 2 198.18.0.200");
        Assert.True(fromRemote.Succeeded, fromRemote.StdOut + gateway.Log);
        var gatewaySeen = _net.LanHost.Run($"ping -c 1 -W 2 -I 198.18.0.200 {GatewayLanAddress}");
        Assert.True(gatewaySeen.Succeeded, gatewaySeen.StdOut + gateway.Log);
        Assert.DoesNotContain("198.18.0.200", string.Join(' ', gateway.Lines.Where(l => l.Contains("child SA up"))));
    }

    [RootTheory]
    [InlineData(15, "SIGTERM")]
    [InlineData(9, "SIGKILL")]
    public void After_a_restart_each_identity_gets_its_address_again_and_no_address_is_handed_out_twice(int signal, string how)
    {
        string state = Directory.CreateTempSubdirectory("onlan-leases-").FullName;
        try
        {
            string strongSwanAddress, secondAddress;
            using (var gateway = GatewayProcess.Start(_net.Gateway, VpnConfiguration(SecondUserLine), state))
            {
                gateway.WaitForLine("vpn: IKEv2 responder", Patience);
                using var peer = _net.StartRoadWarrior();
                Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
                strongSwanAddress = peer.VirtualIp!;
                using (var second = ConnectSecond())
                {
                    Assert.Equal(InitiatorState.Established, second.Initiator.State);
                    secondAddress = second.Initiator.AssignedAddress!.Value.ToString();
                }
                Assert.NotEqual(strongSwanAddress, secondAddress);
                gateway.Signal(signal);
                gateway.WaitForExit(Patience);
            }

            using (var gateway = GatewayProcess.Start(_net.Gateway, VpnConfiguration(SecondUserLine), state))
            {
                gateway.WaitForLine("vpn: IKEv2 responder", Patience);
                gateway.WaitForLine("leases recovered", Patience);
                // The second identity comes back first: it gets its own address, not the lowest free one.
                using (var second = ConnectSecond())
                {
                    Assert.Equal(InitiatorState.Established, second.Initiator.State);
                    Assert.Equal(secondAddress, second.Initiator.AssignedAddress!.Value.ToString());
                }
                using var peer = _net.StartRoadWarrior();
                Assert.True(peer.Initiate(Patience).Succeeded, $"{how}\n{gateway.Log}\n{peer.Log}");
                Assert.Equal(strongSwanAddress, peer.VirtualIp);
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [RootFact]
    public void An_empty_pool_refuses_the_next_client_with_internal_address_failure_and_the_first_keeps_working()
    {
        // VpnConfiguration's range has 21 addresses: exclude all but .200.
        using var gateway = _net.StartVpnGateway(SecondUserLine + "\nset vpn pool exclude 198.18.0.201-198.18.0.220");
        using var peer = _net.StartRoadWarrior();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        Assert.Equal("198.18.0.200", peer.VirtualIp);

        using var second = ConnectSecond();

        Assert.Contains(NotifyType.InternalAddressFailure, second.Initiator.NotifiesReceived);
        Assert.Null(second.Initiator.AssignedAddress);
        Assert.Empty(second.Initiator.Children);
        gateway.WaitForLine("vpn: address pool exhausted", Patience);
        var ping = _net.WanPeer.Run($"ping -c 3 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(ping.Succeeded, ping.StdOut + gateway.Log);
        Assert.Contains("ESTABLISHED", peer.ListSas());
    }
}

/// <summary>
/// The DHCP options inside the tunnel: a DHCPINFORM from the leased address (what Windows sends after IKE_AUTH) is
/// answered with the configured options, and the private CP attribute carries the same options in IKE.
/// </summary>
public sealed class TunnelDhcpTests : IDisposable
{
    private const string SecondUser = "second@onlan.test";
    private const string SecondPsk = "a second pre-shared key";

    private static readonly string Options = $"""
        set vpn user {SecondUser} psk "{SecondPsk}"
        set vpn dhcp-option netbios-ns 198.18.0.44
        set vpn dhcp-option domain-search office.onlan.test
        set vpn dhcp-option domain-search onlan.test
        set vpn dhcp-option classless-routes 198.51.100.0/24
        set vpn dhcp-option classless-routes 198.19.0.0/16 next-hop 198.18.0.254
        set vpn dhcp-option lease-time 3600
        """;

    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void A_dhcpinform_through_the_tunnel_gets_the_configured_options_and_the_private_attribute_carries_the_same()
    {
        using var gateway = _net.StartVpnGateway(Options);
        using var peer = _net.StartRoadWarrior();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        var leased = Ipv4Address.Parse(peer.VirtualIp!);

        var ack = DhcpInformClient.Inform(_net.WanPeer, leased, Ipv4Address.Parse(GatewayLanAddress), Patience);

        Assert.True(DhcpMessage.TryParse(ack, out var message) == DhcpError.None, Convert.ToHexString(ack));
        Assert.Equal(DhcpMessageType.Ack, message.MessageType);
        Assert.Equal(leased, message.ClientAddress);
        Assert.True(message.YourAddress.IsAny);
        Assert.Equal(Ipv4Address.Parse(GatewayLanAddress), message.ServerIdentifier);
        Assert.False(message.TryGetOption(DhcpOptionCode.LeaseTime, out _)); // RFC 2131 §3.4: no lease time to an INFORM
        var fromInform = DhcpInformClient.ConfigurationOptions(message);
        var expected = new DhcpOptionSet
        {
            SubnetMask = new Ipv4Address(255, 255, 255, 0),
            Routers = [Ipv4Address.Parse(GatewayLanAddress)],
            DnsServers = [new Ipv4Address(198, 18, 0, 53), new Ipv4Address(198, 18, 0, 54)],
            DomainName = "office.onlan.test",
            NetbiosServers = [new Ipv4Address(198, 18, 0, 44)],
            DomainSearch = ["office.onlan.test", "onlan.test"],
            ClasslessRoutes =
            [
                new ClasslessRoute(new Ipv4Prefix(new Ipv4Address(198, 51, 100, 0), 24), Ipv4Address.Parse(GatewayLanAddress)),
                new ClasslessRoute(new Ipv4Prefix(new Ipv4Address(198, 19, 0, 0), 16), new Ipv4Address(198, 18, 0, 254)),
            ],
        };
        Assert.Equal(expected, fromInform);
        Assert.True(message.TryGetOption(DhcpOptionCode.MicrosoftClasslessStaticRoute, out var windowsRoutes));
        Assert.True(message.TryGetOption(DhcpOptionCode.ClasslessStaticRoute, out var routes));
        Assert.Equal(routes.ToArray(), windowsRoutes.ToArray());

        // The same options in IKE: the private attribute of a second client's CFG_REPLY.
        using var second = UdpIkeClient.Connect(_net.WanPeer, WanPeerAddress, GatewayWanAddress, SecondUser, SecondPsk, Patience);
        var attribute = Assert.Single(second.Initiator.ConfigurationReply,
            a => (ushort)a.AttributeType == DhcpOptionsAttribute.PrivateCpAttributeType);
        Assert.True(DhcpOptionSet.TryDecodeRaw(attribute.Value, out var fromIke, out string error), error);
        Assert.Equal(expected with { LeaseTimeSeconds = 3600 }, fromIke);
        gateway.Signal(10); // SIGUSR1: counters to the log
        Assert.Matches(@"dhcp in tunnel: [1-9][0-9]* answered", gateway.WaitForLine("dhcp in tunnel", Patience));
    }
}

using OnLan.Testing;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// strongSwan 5.9.8 (Debian) as the road warrior in the wan-peer namespace, against the published gateway's real
/// WAN port: it authenticates, gets a LAN-segment address with mask, DNS and domain, and sets up a Child SA.
/// </summary>
public sealed class VpnTests : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    private GatewayProcess StartGateway(string extra = "") => _net.StartVpnGateway(extra);

    private StrongSwanPeer StartClient(string ikeProposals = "default", string espProposals = "default", string psk = Psk,
        string ikeRekey = "0", string childRekey = "0", string dpd = "0") =>
        _net.StartRoadWarrior(c => c with
        {
            IkeProposals = ikeProposals,
            EspProposals = espProposals,
            PreSharedKey = psk,
            IkeRekeyTime = ikeRekey,
            ChildRekeyTime = childRekey,
            DpdDelay = dpd,
        });

    [RootTheory]
    [InlineData("default", "default", "strongSwan's defaults")]
    [InlineData("aes256gcm16-prfsha256-x25519", "aes256gcm16", "Android")]
    [InlineData("aes256-sha256-modp2048", "aes256-sha256", "macOS/iOS")]
    [InlineData("aes256-sha1-modp2048", "aes256-sha1", "Windows with MODP-2048")]
    [InlineData("chacha20poly1305-prfsha256-ecp256", "chacha20poly1305", "ChaCha20 and ECP-256")]
    [InlineData("aes128-sha384-prfsha384-ecp384", "aes128-sha1", "AES-128, SHA-384, ECP-384")]
    public void Road_warrior_gets_a_lan_address_mask_dns_and_domain(string ike, string esp, string client)
    {
        using var gateway = StartGateway();
        using var peer = StartClient(ike, esp);

        var initiate = peer.Initiate(Patience);

        string sas = peer.ListSas();
        Assert.True(initiate.Succeeded, $"{client}: {initiate.StdOut}\n{sas}\n--- gateway\n{gateway.Log}\n--- strongSwan\n{peer.Log}");
        Assert.Contains("ESTABLISHED", sas);
        Assert.Contains("INSTALLED", sas);
        Assert.NotNull(peer.VirtualIp);
        Assert.StartsWith("198.18.0.2", peer.VirtualIp);
        Assert.Contains("198.18.0.0/24", sas); // TSr: the LAN segment
        // strongSwan's resolve plugin writes each server in front of the last: compare as a set.
        Assert.Equal(["198.18.0.53", "198.18.0.54"], peer.ReceivedDnsServers.Order());
        // The client's log names each attribute it received (it has no handler for the mask and the domain, and says so).
        // (24576): the whole DHCP option set in our private attribute, unknown to strongSwan and ignored by it.
        Assert.Equal("parsed IKE_AUTH response 1 [ IDr AUTH CPRP(ADDR MASK DNS DNS DOMAIN (24576)) SA TSi TSr ]",
            System.Text.RegularExpressions.Regex.Match(peer.Log, @"parsed IKE_AUTH response 1 \[[^\]]*\]").Value);
        Assert.Contains("processing INTERNAL_IP4_NETMASK attribute", peer.Log);
        Assert.Contains("processing INTERNAL_IP4_DNS attribute", peer.Log);
        Assert.Contains("processing INTERNAL_DNS_DOMAIN attribute", peer.Log);
        gateway.WaitForLine("vpn: client@onlan.test authenticated", Patience);
        gateway.WaitForLine("vpn: child SA up for client@onlan.test: 198.18.0.200", Patience);
    }

    [RootFact]
    public void Modp1024_is_refused_by_default_and_accepted_with_the_legacy_switch()
    {
        using (var gateway = StartGateway())
        using (var peer = StartClient("aes256-sha1-modp1024", "aes256-sha1"))
        {
            var refused = peer.Initiate(Patience);
            Assert.False(refused.Succeeded, gateway.Log);
            Assert.Contains("NO_PROPOSAL_CHOSEN", peer.Log);
        }
        using (var gateway = StartGateway("set vpn legacy modp1024 enable"))
        using (var peer = StartClient("aes256-sha1-modp1024", "aes256-sha1"))
        {
            var accepted = peer.Initiate(Patience);
            Assert.True(accepted.Succeeded, $"{accepted.StdOut}\n{gateway.Log}\n{peer.Log}");
            Assert.Contains("ESTABLISHED", peer.ListSas());
        }
    }

    [RootFact]
    public void Wrong_psk_is_refused_with_authentication_failed_and_leaves_no_lease()
    {
        using var gateway = StartGateway();
        using var peer = StartClient(psk: "not the right secret at all");

        var result = peer.Initiate(Patience);

        Assert.False(result.Succeeded);
        Assert.Contains("AUTHENTICATION_FAILED", peer.Log);
        Assert.DoesNotContain("ESTABLISHED", peer.ListSas());
        Assert.DoesNotContain("child SA up", gateway.Log);
    }

    [RootFact]
    public void Client_guessing_another_group_is_told_which_and_connects()
    {
        // strongSwan sends its first group's KE; the gateway prefers x25519 only if offered, so offer modp2048 first.
        using var gateway = StartGateway();
        using var peer = StartClient("aes256-sha256-modp3072-ecp256");

        var result = peer.Initiate(Patience);

        Assert.True(result.Succeeded, $"{gateway.Log}\n{peer.Log}");
        Assert.Contains("ESTABLISHED", peer.ListSas());
    }

    [RootFact]
    public void Client_deletes_its_sa_and_the_gateway_frees_the_lease()
    {
        using var gateway = StartGateway();
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log);

        var terminate = peer.Terminate(Patience);

        Assert.True(terminate.Succeeded, terminate.StdOut + peer.Log);
        gateway.WaitForLine("ended (DeletedByPeer)", Patience);
        gateway.WaitForLine("vpn: child SA down for client@onlan.test", Patience);
        // The same client gets the same address again.
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log);
        Assert.Equal("198.18.0.200", peer.VirtualIp);
    }

    [RootFact]
    public void Gateway_deletes_its_sas_when_it_stops_and_the_client_sees_it()
    {
        using var gateway = StartGateway();
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log);

        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(10)));

        Assert.True(peer.WaitForLog("received DELETE for IKE_SA", Patience), peer.Log);
    }

    [RootFact]
    public void Client_rekeys_child_and_ike_sas_and_keeps_its_address()
    {
        using var gateway = StartGateway();
        using var peer = StartClient(espProposals: "aes256gcm16-x25519", ikeRekey: "8s", childRekey: "3s");
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string address = peer.VirtualIp!;

        // Child SA rekey with PFS (x25519 in CREATE_CHILD_SA), then the IKE SA rekey.
        Assert.True(peer.WaitForLog("[ N(REKEY_SA) SA No KE TSi TSr ]", Patience), peer.Log + gateway.Log);
        Assert.True(peer.WaitForLog("response 2 [ SA No KE TSi TSr ]", Patience), peer.Log + gateway.Log);
        Assert.True(peer.WaitForLog("outbound CHILD_SA net{2} established", Patience), peer.Log + gateway.Log);
        Assert.True(peer.WaitForLog("IKE_SA gw[2] rekeyed between", Patience), peer.Log + gateway.Log);
        Assert.True(peer.WaitForLog("IKE_SA deleted", Patience), peer.Log + gateway.Log);
        // Child SAs go on being rekeyed on the new IKE SA (its Message IDs start again at 0).
        Assert.True(peer.WaitForLog("parsed CREATE_CHILD_SA response 0 [ SA No KE TSi TSr ]", Patience), peer.Log + gateway.Log);

        string sas = peer.ListSas();
        Assert.Contains("ESTABLISHED", sas);
        Assert.Contains("INSTALLED", sas);
        Assert.Equal(address, peer.VirtualIp);
        // The old IKE SA ended as rekeyed: its lease moved with it, so the same address is still held.
        gateway.WaitForLine("ended (Rekeyed)", Patience);
        Assert.DoesNotContain(gateway.Lines, l => l.Contains("ended (DeletedByPeer)"));
        Assert.True(gateway.Lines.Count(l => l.Contains("vpn: child SA up")) >= 3, gateway.Log);
    }

    [RootFact]
    public void Gateway_checks_a_silent_client_for_liveness_and_the_client_answers()
    {
        using var gateway = StartGateway("set vpn dpd-interval 2");
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        Assert.True(peer.WaitForLog("parsed INFORMATIONAL request 1 [ ]", Patience), peer.Log);
        Assert.True(peer.WaitForLog("generating INFORMATIONAL response 1 [ ]", Patience), peer.Log);
        Assert.Contains("ESTABLISHED", peer.ListSas());
        Assert.DoesNotContain("ended", gateway.Log);
    }

    [RootFact]
    public void Client_liveness_checks_are_answered_by_the_gateway()
    {
        using var gateway = StartGateway("set vpn dpd-interval 0");
        using var peer = StartClient(dpd: "2s");
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        Assert.True(peer.WaitForLog("parsed INFORMATIONAL response 3 [ ]", Patience), peer.Log);
        Assert.DoesNotContain("parsed INFORMATIONAL request", peer.Log);
        Assert.Contains("ESTABLISHED", peer.ListSas());
    }

    [RootFact]
    public void Lan_host_finds_the_remote_pc_at_the_gateway_mac_while_its_sa_is_up_and_not_after()
    {
        using var gateway = StartGateway();
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string leased = peer.VirtualIp!;
        gateway.WaitForLine($"child SA up for client@onlan.test: {leased}", Patience);

        // The LAN host resolves the remote PC's LAN-segment address like any neighbour's (no route, no setting).
        _net.LanHost.Run($"ping -c 1 -W 1 {leased}");
        string neighbour = _net.LanHost.Run($"ip neigh show {leased} dev eth0").StdOut;
        Assert.Contains($"lladdr {_net.GatewayMac("lan0")}", neighbour);
        // Nothing else is proxied: a free pool address stays unresolved.
        _net.LanHost.Run("ping -c 1 -W 1 198.18.0.219");
        Assert.DoesNotContain("lladdr", _net.LanHost.Run("ip neigh show 198.18.0.219 dev eth0").StdOut);

        Assert.True(peer.Terminate(Patience).Succeeded, peer.Log);
        gateway.WaitForLine("vpn: child SA down for client@onlan.test", Patience);
        _net.LanHost.Run("ip neigh flush dev eth0");
        _net.LanHost.Run($"ping -c 1 -W 1 {leased}");
        Assert.DoesNotContain("lladdr", _net.LanHost.Run($"ip neigh show {leased} dev eth0").StdOut);
    }

    [RootFact]
    public void Remote_pc_and_lan_host_ping_each_other_through_the_tunnel()
    {
        using var gateway = StartGateway();
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        string leased = peer.VirtualIp!;

        // The remote PC reaches the LAN host, which sees the LAN-segment source; the LAN host answers without a route.
        var fromRemote = _net.WanPeer.Run($"ping -c 3 -i 0.2 -W 2 {LanHostAddress}");
        Assert.True(fromRemote.Succeeded, fromRemote.StdOut + "\n" + gateway.Log);
        Assert.Contains("3 received", fromRemote.StdOut);

        var fromLan = _net.LanHost.Run($"ping -c 3 -i 0.2 -W 2 {leased}");
        Assert.True(fromLan.Succeeded, fromLan.StdOut + "\n" + gateway.Log);
        Assert.Contains("3 received", fromLan.StdOut);
        Assert.Contains($"lladdr {_net.GatewayMac("lan0")}", _net.LanHost.Run($"ip neigh show {leased} dev eth0").StdOut);

        // The gateway itself answers on its LAN address through the tunnel too.
        var gatewayPing = _net.WanPeer.Run($"ping -c 2 -i 0.2 -W 2 {GatewayLanAddress}");
        Assert.True(gatewayPing.Succeeded, gatewayPing.StdOut + "\n" + gateway.Log);
    }

    [RootFact]
    public void A_child_sa_rekey_in_the_middle_of_a_10_ms_ping_stream_loses_no_ping()
    {
        using var gateway = StartGateway();
        using var peer = StartClient(espProposals: "aes256gcm16", childRekey: "2s");
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        // 500 pings at 10 ms intervals (5 s) span at least two Child SA rekeys; both directions start the stream once.
        // -w: ping waits (up to 30 s) for every reply; without it, it waits for the last ones only two round trips,
        // and on a loaded machine a late reply reads as a loss. -O reports each ping still unanswered when the next
        // goes out, -D stamps it: a real loss can be set beside the logs.
        var fromRemote = _net.WanPeer.Run($"ping -D -O -c 500 -i 0.01 -w 30 {LanHostAddress}", TimeSpan.FromSeconds(60));
        var fromLan = _net.LanHost.Run($"ping -D -O -c 500 -i 0.01 -w 30 {peer.VirtualIp}", TimeSpan.FromSeconds(60));

        Assert.True(peer.Log.Split("CREATE_CHILD_SA response").Length - 1 >= 4, peer.Log);
        const string NoLoss = "500 packets transmitted, 500 received, 0% packet loss";
        Assert.True(fromRemote.StdOut.Contains(NoLoss), $"remote PC -> LAN host:\n{PingTrouble(fromRemote.StdOut)}\n{gateway.Log}\n{peer.Log}");
        Assert.True(fromLan.StdOut.Contains(NoLoss), $"LAN host -> remote PC:\n{PingTrouble(fromLan.StdOut)}\n{gateway.Log}\n{peer.Log}");
    }

    /// <summary>ping's lines that matter when some were lost: the unanswered ones, errors and the summary.</summary>
    private static string PingTrouble(string output) =>
        string.Join('\n', output.Split('\n').Where(line => !line.Contains(" bytes from ")));

    [RootFact]
    public void A_child_sa_past_its_byte_lifetime_is_deleted_by_the_gateway()
    {
        using var gateway = StartGateway("set vpn child-lifetime-bytes 1000000");
        using var peer = StartClient();
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);

        // ~1.3 MB each way: past the hard limit of 1 MB.
        _net.WanPeer.Run($"ping -c 1000 -i 0.002 -s 1300 -W 1 {LanHostAddress}", TimeSpan.FromSeconds(60));

        Assert.True(peer.WaitForLog("received DELETE for ESP CHILD_SA", Patience), peer.Log);
        gateway.WaitForLine("vpn: child SA down for client@onlan.test", Patience);
        Assert.Contains("ESTABLISHED", peer.ListSas()); // the IKE SA stays
    }
}

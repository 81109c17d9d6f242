using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OnLan.Ports;
using OnLan.Testing;
using OnLan.Testing.Ike;
using OnLan.Testing.StrongSwan;
using static OnLan.Interop.Tests.TwoPortTopology;

namespace OnLan.Interop.Tests;

/// <summary>
/// Hostile IKE traffic at the published gateway's WAN port while a strongSwan client holds an SA: every message is
/// handled by the bad-input policy and counted, nothing crashes, and the established SA keeps working.
/// </summary>
public sealed partial class IkeMutationTests : IDisposable
{
    private readonly TwoPortTopology _net = new();

    public void Dispose() => _net.Dispose();

    [RootFact]
    public void Ten_thousand_mutated_ike_messages_are_counted_and_the_live_sa_keeps_working()
    {
        using var gateway = _net.StartVpnGateway();
        using var peer = _net.StartRoadWarrior(c => c with { DpdDelay = "2s" });
        Assert.True(peer.Initiate(Patience).Succeeded, gateway.Log + peer.Log);
        var spis = LiveSpis().Match(peer.ListSas());
        Assert.True(spis.Success, peer.ListSas());
        var mutations = new IkeMutations(seed: 11,
            Convert.ToUInt64(spis.Groups[1].Value, 16), Convert.ToUInt64(spis.Groups[2].Value, 16));

        int sent = 0;
        var kinds = new Dictionary<string, int>();
        using (_net.WanPeer.Enter())
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(WanPeerAddress), 0));
            var gatewayAddress = IPAddress.Parse(GatewayWanAddress);
            foreach (var mutation in mutations.Generate(12_000))
            {
                socket.SendTo(mutation.Datagram, new IPEndPoint(gatewayAddress, mutation.Port));
                kinds[mutation.Kind] = kinds.GetValueOrDefault(mutation.Kind) + 1;
                // Pace the flood a little so the veth queue never overflows: we want every message handled, not lost.
                if (++sent % 200 == 0) Thread.Sleep(2);
            }
        }

        // The SA still works: strongSwan's liveness checks go on being answered after the flood.
        int answeredBefore = Count(peer.Log, "parsed INFORMATIONAL response");
        Assert.True(WaitUntil(() => Count(peer.Log, "parsed INFORMATIONAL response") >= answeredBefore + 2, Patience), peer.Log);
        Assert.Contains("ESTABLISHED", peer.ListSas());
        Assert.Contains("INSTALLED", peer.ListSas());

        gateway.Signal(10);
        var line = gateway.WaitForLine("vpn: counters", Patience);
        var counters = CountersReport.Parse(line);
        Assert.True(counters["messages"] >= sent - kinds["nat-keepalive"] - kinds["esp-unknown-spi"], line);
        Assert.True(counters["dropped"] >= kinds["truncated"] + kinds["unknown-spi"], line);
        Assert.True(counters.GetValueOrDefault("drop.UnknownSpi") >= kinds["unknown-spi"], line);
        Assert.True(counters.GetValueOrDefault("drop.Truncated") > 0, line);
        Assert.True(counters["cookies"] > 0, line); // the IKE_SA_INIT flood met cookies
        Assert.True(counters["half-open"] <= 64, line);
        Assert.Equal(kinds["nat-keepalive"], counters["nat-keepalives"]);
        Assert.Equal(kinds["esp-unknown-spi"], counters["esp-datagrams"]);
        Assert.Equal(1, counters["established"]);
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(10)));
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(100);
        }
        return condition();
    }

    [GeneratedRegex(@"([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r")]
    private static partial Regex LiveSpis();
}

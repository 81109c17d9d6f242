using System.Diagnostics;
using OnLan.Ike;
using OnLan.Ike.Responder;
using OnLan.Testing.Ike;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>
/// Complete IKEv2 handshakes (IKE_SA_INIT + IKE_AUTH with one Child SA, PSK, Curve25519, AES-256-GCM) between the
/// test initiator and the responder, in process on one thread, each followed by a Delete(IKE). Needs no root.
/// Time spent inside <c>IkeResponder.Receive</c> is measured apart: that share is the gateway's cost per client.
/// </summary>
public static class IkeHandshakeBenchmark
{
    private const string Psk = "correct horse battery staple";
    private const string Identity = "client@onlan.test";

    public static void Run(TimeSpan duration)
    {
        var responder = new IkeResponder(new IkeResponderOptions
        {
            LocalId = "gw.onlan.test",
            PreSharedKeys = new Dictionary<string, string> { [Identity] = Psk },
            LanSegment = new Ipv4Prefix(new Ipv4Address(192, 168, 1, 1), 24),
            DnsServers = [new Ipv4Address(192, 168, 1, 1)],
            DomainName = "office.onlan.test",
        }, new NullInstaller(), new OneAddress(new Ipv4Address(192, 168, 1, 200)));
        var options = new IkeTestInitiatorOptions { Identity = Identity, PreSharedKey = Psk };
        var clock = TimeSpan.Zero;
        var output = new List<IkeDatagram>();

        // One handshake and its delete; returns the Stopwatch ticks spent inside the responder.
        long Handshake(out long deleteTicks)
        {
            long inResponder = 0;
            var initiator = new IkeTestInitiator(options);
            Pump(initiator.Start(clock));
            if (initiator.State != InitiatorState.Established) throw new InvalidOperationException($"handshake failed: {initiator.LastError}");
            long handshakeTicks = inResponder;
            Pump(initiator.DeleteIkeSa(clock));
            if (initiator.State != InitiatorState.Deleted) throw new InvalidOperationException("delete failed");
            deleteTicks = inResponder - handshakeTicks;
            return handshakeTicks;

            void Pump(List<IkeDatagram> toResponder)
            {
                while (toResponder.Count > 0)
                {
                    var next = new List<IkeDatagram>();
                    foreach (var datagram in toResponder)
                    {
                        output.Clear();
                        long start = Stopwatch.GetTimestamp();
                        responder.Receive(datagram.Message, datagram.Remote, datagram.Local, clock, output);
                        inResponder += Stopwatch.GetTimestamp() - start;
                        foreach (var answer in output) next.AddRange(initiator.Receive(answer.Message, clock));
                    }
                    toResponder = next;
                }
            }
        }

        for (int i = 0; i < 300; i++) Handshake(out _); // JIT and tiered compilation settle

        long count = 0, responderTicks = 0, responderDeleteTicks = 0;
        var wall = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        while (wall.Elapsed < duration)
        {
            responderTicks += Handshake(out long deleteTicks);
            responderDeleteTicks += deleteTicks;
            count++;
        }
        wall.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (responder.Sas.Any()) throw new InvalidOperationException("SAs left over");

        double seconds = wall.Elapsed.TotalSeconds;
        double responderSeconds = (double)responderTicks / Stopwatch.Frequency;
        double responderDeleteSeconds = (double)responderDeleteTicks / Stopwatch.Frequency;
        Console.WriteLine($"IKE handshakes/s (in process, one core, PSK, x25519, aes256gcm16): {count / seconds:N0}   " +
            "reference: strongSwan 5.9.8 ~830 IKE_SAs/s over the network on this machine (design.md)");
        Console.WriteLine($"  {count:N0} handshakes + deletes in {seconds:0.00} s wall, {cpuUsed.TotalSeconds:0.00} s CPU (process, all threads incl. GC/JIT)");
        Console.WriteLine($"  responder share: {100 * (responderSeconds + responderDeleteSeconds) / seconds:0}% of the time; " +
            $"{responderSeconds / count * 1e6:0} us per handshake inside IkeResponder.Receive ({count / responderSeconds:N0} handshakes/s responder-only), " +
            $"{responderDeleteSeconds / count * 1e6:0} us per delete");
        Console.WriteLine();
    }

    private sealed class NullInstaller : IChildSaInstaller
    {
        public void Install(ChildSaInstallation childSa) { }
        public void Remove(ChildSaInstallation childSa) { }
    }

    /// <summary>One client at a time: the same address is leased and released each round.</summary>
    private sealed class OneAddress(Ipv4Address address) : IAddressAllocator
    {
        private bool _leased;

        public AddressOutcome Acquire(ulong request, string identity, out Ipv4Address leased)
        {
            leased = address;
            if (_leased) return AddressOutcome.Exhausted;
            _leased = true;
            return AddressOutcome.Assigned;
        }

        public void Release(Ipv4Address released) => _leased = false;
    }
}

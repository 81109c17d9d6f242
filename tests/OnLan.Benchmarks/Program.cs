using OnLan.Benchmarks;
using OnLan.Benchmarks.Scenarios;
using OnLan.Testing;

// `dotnet run --project tests/OnLan.Benchmarks -- nat`: only the NAT figures.
if (args is ["nat"])
{
    NatBenchmark.Run(TimeSpan.FromSeconds(1.5));
    return 0;
}

// `dotnet run --project tests/OnLan.Benchmarks -- tunnel [seconds]`: only the tunnel through the two real ports (root).
if (args.Length > 0 && args[0] == "tunnel")
{
    TunnelThroughPortsBenchmark.Run(TimeSpan.FromSeconds(args.Length > 1 && double.TryParse(args[1], out double s) ? Math.Clamp(s, 0.2, 30) : 2));
    return 0;
}

// IKEv2 handshakes per second in process: needs no root, so it runs first for everyone.
IkeHandshakeBenchmark.Run(TimeSpan.FromSeconds(3));

// ESP encapsulate / decapsulate per core next to the raw .NET cipher on the same sizes: in process, no root either.
EspTransformBenchmark.Run(TimeSpan.FromSeconds(1));

// NAT's per-packet cost next to plain forwarding, in process.
NatBenchmark.Run(TimeSpan.FromSeconds(1.5));

// The same cipher inside the gateway's whole forwarding path (ports, IKE service, endpoints, rings), one core.
TunnelForwardingBenchmark.Run(TimeSpan.FromSeconds(1.5));

// Frames/s and Mbit/s across one veth cable, each scenario side by side with the one-syscall-per-frame reference.
if (!Root.IsRoot)
{
    Console.WriteLine("SKIPPED: the benchmarks need root (they make a network namespace and a veth pair) — run with sudo.");
    return 0;
}

TimeSpan duration = TimeSpan.FromSeconds(args.Length > 0 && double.TryParse(args[0], out double seconds) ? Math.Clamp(seconds, 0.2, 30) : 2);
int[] frameLengths = [64, 1400];
IScenario reference = new PlainSocketScenario();
IScenario[] scenarios = [reference, new PacketLinkBatchScenario(64), new EchoThroughPortScenario(64)];

using BenchTopology topology = BenchTopology.Create();
Console.WriteLine($"veth pair {BenchTopology.SenderInterface} -> {BenchTopology.ReceiverInterface} in {topology.Namespace.Name}; {duration.TotalSeconds:0.#} s per measurement; {Environment.ProcessorCount} CPUs");
Console.WriteLine("Mbit/s counts Ethernet frame bytes without FCS; 'loss' is frames the sender handed over that never arrived.");
Console.WriteLine();
Console.WriteLine($"{"scenario",-26} {"frame",6} {"frames/s",12} {"Mbit/s",9} {"loss",7} {"x ref",6}");
foreach (int length in frameLengths)
{
    BenchSettings settings = new(length, duration);
    double referenceRate = 0;
    foreach (IScenario scenario in scenarios)
    {
        ScenarioResult result = scenario.Run(topology, settings);
        if (ReferenceEquals(scenario, reference)) referenceRate = result.FramesPerSecond;
        double ratio = referenceRate > 0 ? result.FramesPerSecond / referenceRate : 0;
        Console.WriteLine($"{scenario.Name,-26} {length,6} {result.FramesPerSecond,12:N0} {result.Megabits,9:N0} {result.LossPercent,6:0.0}% {ratio,6:0.00}");
    }
}
Console.WriteLine(); TunnelThroughPortsBenchmark.Run(duration); // the tunnel through the gateway's two real ports, each way
return 0;

namespace OnLan.Benchmarks;

/// <summary>
/// One way of moving frames from one end of the bench's veth cable to the other. Add a scenario by writing a
/// class and listing it in <see cref="Program"/>; the harness runs each for every frame size.
/// </summary>
public interface IScenario
{
    /// <summary>Column heading, e.g. "send()/recv() per frame".</summary>
    string Name { get; }

    /// <summary>Runs for <see cref="BenchSettings.Duration"/> and reports what arrived.</summary>
    ScenarioResult Run(BenchTopology topology, BenchSettings settings);
}

/// <summary>What a measurement is asked to do.</summary>
/// <param name="FrameLength">Ethernet frame length without FCS.</param>
/// <param name="Duration">How long the sender sends; the receiver stops at the same moment.</param>
public readonly record struct BenchSettings(int FrameLength, TimeSpan Duration);

/// <summary>Frames the sender handed to the kernel and frames the receiver got, over <see cref="Elapsed"/>.</summary>
public readonly record struct ScenarioResult(long Sent, long Received, TimeSpan Elapsed, int FrameLength)
{
    public double FramesPerSecond => Received / Elapsed.TotalSeconds;

    /// <summary>Ethernet frame bits (no preamble, FCS or gap) per second, in Mbit/s.</summary>
    public double Megabits => FramesPerSecond * FrameLength * 8 / 1e6;

    public double LossPercent => Sent == 0 ? 0 : 100.0 * (Sent - Received) / Sent;
}

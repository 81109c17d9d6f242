using OnLan.Ports;

namespace OnLan;

/// <summary>Something that runs on a port's thread besides the host stack and has timers (IKE).</summary>
public interface IPortService
{
    /// <summary>Called once per loop of the port's thread (at least every <see cref="PortWorker.PollInterval"/>).</summary>
    void Poll(TimeSpan now, FrameBatch output);

    /// <summary>Called once when the port stops, to say goodbye on the wire (e.g. IKE Deletes).</summary>
    void Stop(TimeSpan now, FrameBatch output);
}

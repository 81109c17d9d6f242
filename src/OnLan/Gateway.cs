using OnLan.Configuration;
using OnLan.Platform.Linux;
using OnLan.Ports;

namespace OnLan;

/// <summary>The composition root: opens both ports, builds their host stacks, runs one worker thread each.</summary>
public sealed class Gateway : IDisposable
{
    private readonly List<PortWorker> _workers = [];
    private readonly List<IFrameLink> _links = [];

    private Gateway() { }

    /// <summary>Opens the ports of <paramref name="configuration"/> and starts serving; null (with the reason logged) on failure.</summary>
    public static Gateway? TryStart(GatewayConfiguration configuration, TimeProvider time)
    {
        var gateway = new Gateway();
        foreach (var role in (ReadOnlySpan<PortRole>)[PortRole.Wan, PortRole.Lan])
        {
            var settings = configuration[role];
            IFrameLink link;
            try
            {
                link = PacketLink.Open(settings.Port!);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                Log.Error($"{role.Keyword()}: cannot open port {settings.Port}: {e.Message}");
                gateway.Dispose();
                return null;
            }
            gateway._links.Add(link);
            var host = new PortHost(role.Keyword(), link.Address, settings.Address!.Value, settings.Gateway, link.Mtu);
            gateway._workers.Add(new PortWorker(link, host, time));
        }
        foreach (var worker in gateway._workers)
        {
            worker.Start();
            var host = worker.Host;
            string gatewayText = host.Gateway is { } next ? $", gateway {next}" : "";
            Log.Info($"{host.Name}: port {worker.Link.Name} up, address {host.Address}, mac {host.Mac}, mtu {host.Mtu}{gatewayText}" +
                     (worker.Link.IsUp ? "" : " (no carrier yet)"));
        }
        return gateway;
    }

    public IReadOnlyList<PortWorker> Workers => _workers;

    public void LogCounters()
    {
        foreach (var worker in _workers)
            Log.Info($"{worker.Host.Name}: counters {CountersReport.Format(worker.Host.Counters)}");
    }

    /// <summary>Stops the worker threads; their counters stay readable.</summary>
    public void Stop()
    {
        foreach (var worker in _workers) worker.Stop();
    }

    public void Dispose()
    {
        Stop();
        _workers.Clear();
        foreach (var link in _links) link.Dispose();
        _links.Clear();
    }
}

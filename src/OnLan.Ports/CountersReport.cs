using System.Text;

namespace OnLan.Ports;

/// <summary>
/// A port's counters as one line of <c>name=value</c> words: traffic first, then every non-zero drop reason as
/// <c>drop.reason=n</c>. Made for logs and for scripts that read them; not for the packet path.
/// </summary>
public static class CountersReport
{
    /// <summary>The port's counters and then its link's losses, which happen below the port (in the kernel).</summary>
    public static string Format(PortCounters counters, IFrameLink link)
    {
        var text = new StringBuilder(Format(counters));
        Append(text, "rx-overruns", link.ReceiveOverruns);
        Append(text, "tx-drops", link.SendDrops);
        return text.ToString();
    }

    public static string Format(PortCounters counters)
    {
        var text = new StringBuilder();
        Append(text, "rx-frames", counters.ReceivedFrames);
        Append(text, "rx-bytes", counters.ReceivedBytes);
        Append(text, "tx-frames", counters.SentFrames);
        Append(text, "tx-bytes", counters.SentBytes);
        Append(text, "arp-requests-sent", counters.ArpRequestsSent);
        Append(text, "arp-replies-sent", counters.ArpRepliesSent);
        Append(text, "echo-replies-sent", counters.EchoRepliesSent);
        Append(text, "icmp-errors-sent", counters.IcmpErrorsSent);
        Append(text, "udp-delivered", counters.UdpDelivered);
        Append(text, "proxy-arp-replies-sent", counters.ProxyArpRepliesSent);
        Append(text, "forwarded", counters.Forwarded);
        Append(text, "gratuitous-arps-sent", counters.GratuitousArpsSent);
        Append(text, "arp-probes-sent", counters.ArpProbesSent);
        Append(text, "dropped", counters.TotalDropped);
        for (int i = 0; i < DropReasons.Count; i++)
        {
            long count = counters[(DropReason)i];
            if (count != 0) Append(text, "drop." + DropReasons.Name((DropReason)i), count);
        }
        return text.ToString();
    }

    /// <summary>Reads a line made by <see cref="Format(PortCounters)"/> back into name → value.</summary>
    public static Dictionary<string, long> Parse(string line)
    {
        var values = new Dictionary<string, long>();
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = word.IndexOf('=');
            if (equals > 0 && long.TryParse(word.AsSpan(equals + 1), out long value)) values[word[..equals]] = value;
        }
        return values;
    }

    private static void Append(StringBuilder text, string name, long value)
    {
        if (text.Length > 0) text.Append(' ');
        text.Append(name).Append('=').Append(value);
    }
}

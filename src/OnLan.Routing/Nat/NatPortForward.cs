using OnLan.Wire;

namespace OnLan.Routing.Nat;

/// <summary>
/// A static rule: connections from the internet to <see cref="WanPort"/> on the WAN address go to
/// <see cref="LanAddress"/>:<see cref="LanPort"/>. The CLI spells it <c>set nat forward tcp 8080 192.168.1.10:80</c>.
/// </summary>
public readonly record struct NatPortForward(IpProtocol Protocol, ushort WanPort, Ipv4Address LanAddress, ushort LanPort)
{
    /// <summary>
    /// Parses <c>&lt;tcp|udp&gt; &lt;wan-port&gt; &lt;lan-address&gt;:&lt;port&gt;</c> (single spaces, ports 1-65535), the
    /// arguments of <c>set nat forward</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NatPortForward forward)
    {
        forward = default;
        int space = text.IndexOf(' ');
        if (space < 0) return false;
        IpProtocol protocol;
        if (text[..space].SequenceEqual("tcp")) protocol = IpProtocol.Tcp;
        else if (text[..space].SequenceEqual("udp")) protocol = IpProtocol.Udp;
        else return false;
        text = text[(space + 1)..];
        space = text.IndexOf(' ');
        if (space < 0 || !TryParsePort(text[..space], out ushort wanPort)) return false;
        text = text[(space + 1)..];
        int colon = text.IndexOf(':');
        if (colon < 0 || !Ipv4Address.TryParse(text[..colon], out var lanAddress) || !TryParsePort(text[(colon + 1)..], out ushort lanPort))
            return false;
        forward = new NatPortForward(protocol, wanPort, lanAddress, lanPort);
        return true;
    }

    public override string ToString() =>
        $"{(Protocol == IpProtocol.Tcp ? "tcp" : "udp")} {WanPort} {LanAddress}:{LanPort}";

    private static bool TryParsePort(ReadOnlySpan<char> text, out ushort port)
    {
        port = 0;
        if (text.Length is 0 or > 5 || text[0] == '0') return false;
        int value = 0;
        foreach (char c in text)
        {
            if (c < '0' || c > '9') return false;
            value = value * 10 + (c - '0');
        }
        if (value > ushort.MaxValue) return false;
        port = (ushort)value;
        return true;
    }
}

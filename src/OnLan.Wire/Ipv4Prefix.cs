namespace OnLan.Wire;

/// <summary>An IPv4 interface address with its prefix length ("198.18.0.1/24"): the host address is kept.</summary>
public readonly record struct Ipv4Prefix(Ipv4Address Address, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0u : 0xFFFF_FFFFu << (32 - PrefixLength);
    public Ipv4Address Network => new(Address.Value & Mask);
    public Ipv4Address DirectedBroadcast => new(Address.Value | ~Mask);
    public Ipv4Address NetMask => new(Mask);

    public bool Contains(Ipv4Address candidate) => (candidate.Value & Mask) == (Address.Value & Mask);

    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Prefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        if (slash < 0) return false;
        if (!Ipv4Address.TryParse(text[..slash], out var address)) return false;
        var lengthText = text[(slash + 1)..];
        if (lengthText.Length is 0 or > 2) return false;
        int length = 0;
        foreach (char c in lengthText)
        {
            if (c < '0' || c > '9') return false;
            length = length * 10 + (c - '0');
        }
        if (length > 32) return false;
        prefix = new Ipv4Prefix(address, length);
        return true;
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}

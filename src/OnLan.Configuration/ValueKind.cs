using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>A type of configuration value: its placeholder for help ("&lt;a.b.c.d/len&gt;") and its strict parser.</summary>
public sealed class ValueKind(string placeholder, ValueKind.Parser parse)
{
    /// <summary>Returns the parsed value, or null with <paramref name="error"/> saying what a valid value looks like.</summary>
    public delegate object? Parser(string text, out string error);

    public string Placeholder { get; } = placeholder;

    public object? TryParse(string text, out string error) => parse(text, out error);
}

public static class ValueKinds
{
    public static ValueKind InterfaceName { get; } = new("<ifname>", ParseInterfaceName);
    public static ValueKind Prefix { get; } = new("<a.b.c.d/len>", ParsePrefix);
    public static ValueKind Address { get; } = new("<a.b.c.d>", ParseAddress);

    // Linux interface names: at most 15 bytes (IFNAMSIZ-1), no '/', no whitespace, not "." or "..".
    private static object? ParseInterfaceName(string text, out string error)
    {
        error = "";
        if (text.Length is 0 or > 15 || text is "." or "..")
        {
            error = "an interface name has 1 to 15 characters";
            return null;
        }
        foreach (char c in text)
        {
            if (c <= ' ' || c > '~' || c is '/' or ':')
            {
                error = $"an interface name cannot contain '{c}'";
                return null;
            }
        }
        return text;
    }

    private static object? ParsePrefix(string text, out string error)
    {
        error = "";
        if (!Ipv4Prefix.TryParse(text, out var prefix))
        {
            error = "expected an IPv4 address with prefix length, like 198.18.0.1/24";
            return null;
        }
        if (prefix.PrefixLength is 0 or > 30)
        {
            error = "the prefix length must be 1 to 30 (a segment with room for the gateway and a host)";
            return null;
        }
        if (!IsHostAddress(prefix.Address) || prefix.Address == prefix.Network || prefix.Address == prefix.DirectedBroadcast)
        {
            error = $"{prefix.Address} is not a usable host address in {prefix.Network}/{prefix.PrefixLength}";
            return null;
        }
        return prefix;
    }

    private static object? ParseAddress(string text, out string error)
    {
        error = "";
        if (!Ipv4Address.TryParse(text, out var address))
        {
            error = "expected an IPv4 address, like 203.0.113.254";
            return null;
        }
        if (!IsHostAddress(address))
        {
            error = $"{address} is not a unicast host address";
            return null;
        }
        return address;
    }

    private static bool IsHostAddress(Ipv4Address address) =>
        !address.IsAny && !address.IsBroadcast && !address.IsMulticast && !address.IsLoopback && (address.Value >> 28) != 0xF;
}

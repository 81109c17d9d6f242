using OnLan.Wire;

namespace OnLan.Configuration;

/// <summary>A type of configuration value: its placeholder for help ("&lt;a.b.c.d/len&gt;") and its strict parser.</summary>
public sealed class ValueKind(string placeholder, ValueKind.Parser parse, bool isSecret = false)
{
    /// <summary>Returns the parsed value, or null with <paramref name="error"/> saying what a valid value looks like.</summary>
    public delegate object? Parser(string text, out string error);

    public string Placeholder { get; } = placeholder;

    /// <summary>Values of this kind are never shown: `show config`, the candidate diff and error messages mask them.</summary>
    public bool IsSecret { get; } = isSecret;

    public object? TryParse(string text, out string error) => parse(text, out error);
}

public static class ValueKinds
{
    public static ValueKind InterfaceName { get; } = new("<ifname>", ParseInterfaceName);
    public static ValueKind Prefix { get; } = new("<a.b.c.d/len>", ParsePrefix);
    public static ValueKind Address { get; } = new("<a.b.c.d>", ParseAddress);
    public static ValueKind Network { get; } = new("<a.b.c.d/len>", ParseNetwork);
    public static ValueKind Range { get; } = new("<first>-<last>", ParseRange);
    public static ValueKind Identity { get; } = new("<identity>", ParseIdentity);
    public static ValueKind FilePath { get; } = new("<file>", ParseFilePath);
    public static ValueKind Secret { get; } = new("<secret>", ParseSecret, isSecret: true);
    /// <summary>An NT password hash (MD4 of the UTF-16LE password), 32 hex digits; parses to upper-case hex.</summary>
    public static ValueKind NtHash { get; } = new("<nt-hash>", ParseNtHash, isSecret: true);
    public static ValueKind DomainName { get; } = new("<domain>", ParseDomainName);
    public static ValueKind Switch { get; } = new("enable|disable", ParseSwitch);
    public static ValueKind Seconds { get; } = new("<seconds>", (string text, out string error) => ParseSeconds(text, 60, out error));
    public static ValueKind Bytes { get; } = new("<bytes>", ParseBytes);
    public static ValueKind SecondsOrZero { get; } = new("<seconds>", (string text, out string error) => ParseSeconds(text, 0, out error));
    /// <summary>A dotted subnet mask, contiguous ones then zeros, 128.0.0.0 to 255.255.255.255; parses to an <see cref="Ipv4Address"/>.</summary>
    public static ValueKind Netmask { get; } = new("<a.b.c.d>", ParseNetmask);
    /// <summary>One host address or a range first-last; parses to an <see cref="Ipv4Range"/> (one address = a one-address range).</summary>
    public static ValueKind AddressOrRange { get; } = new("<a.b.c.d>|<first>-<last>", ParseAddressOrRange);
    /// <summary>How many flows the NAT table holds, 1024–1048576.</summary>
    public static ValueKind FlowCount { get; } = new("<flows>", ParseFlowCount);

    private static object? ParseFlowCount(string text, out string error)
    {
        error = "";
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int flows) && flows is >= 1024 and <= 1_048_576)
            return flows;
        error = $"'{text}' is not a flow count from 1024 to 1048576";
        return null;
    }

    /// <summary>Seconds a RADIUS server gets before the first retransmission, 1 to 10 (doubled after each).</summary>
    public static ValueKind RadiusTimeout { get; } = new("<seconds>", (string text, out string error) => ParseWholeNumber(text, 1, 10, "seconds", out error));

    /// <summary>Retransmissions of one request to one RADIUS server before the next is asked, 0 to 10.</summary>
    public static ValueKind RadiusRetries { get; } = new("<retries>", (string text, out string error) => ParseWholeNumber(text, 0, 10, "retries", out error));

    private static object? ParseWholeNumber(string text, int least, int most, string what, out string error)
    {
        error = "";
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) &&
            value >= least && value <= most)
            return value;
        error = $"'{text}' is not a number of {what} from {least} to {most}";
        return null;
    }

    /// <summary>A board profile's name (a directory under board/): lower-case letters, digits and '-'.</summary>
    public static ValueKind BoardName { get; } = new("<board>", ParseBoardName);
    /// <summary>The wan's address: a prefix as <see cref="Prefix"/>, or the word <c>dhcp</c> (parses to <see cref="Dhcp"/>).</summary>
    public static ValueKind PrefixOrDhcp { get; } = new("<a.b.c.d/len>|dhcp", ParsePrefixOrDhcp);
    /// <summary>A port forward's protocol, <c>tcp</c> or <c>udp</c>; parses to a <see cref="NatProtocol"/>.</summary>
    public static ValueKind Protocol { get; } = new("tcp|udp", ParseProtocol);
    /// <summary>A TCP or UDP port, 1 to 65535; parses to a <see cref="ushort"/>.</summary>
    public static ValueKind Port { get; } = new("<port>", ParsePort);
    /// <summary>A host address and a port, <c>a.b.c.d:port</c>; parses to a <see cref="ValueTuple{Ipv4Address, UInt16}"/>.</summary>
    public static ValueKind AddressAndPort { get; } = new("<a.b.c.d>:<port>", ParseAddressAndPort);

    /// <summary>What <see cref="PrefixOrDhcp"/> yields for the word <c>dhcp</c>.</summary>
    public const string Dhcp = "dhcp";

    private static object? ParsePrefixOrDhcp(string text, out string error)
    {
        error = "";
        return text == Dhcp ? Dhcp : ParsePrefix(text, out error);
    }

    private static object? ParseProtocol(string text, out string error)
    {
        error = "";
        switch (text)
        {
            case "tcp": return NatProtocol.Tcp;
            case "udp": return NatProtocol.Udp;
            default:
                error = "expected tcp or udp";
                return null;
        }
    }

    private static object? ParsePort(string text, out string error)
    {
        error = "";
        if (!ushort.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort port) ||
            port == 0)
        {
            error = "expected a port number from 1 to 65535";
            return null;
        }
        return port;
    }

    private static object? ParseAddressAndPort(string text, out string error)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = "expected an address and a port, like 198.18.0.10:80";
            return null;
        }
        if (ParseAddress(text[..colon], out error) is not Ipv4Address address)
            return null;
        if (ParsePort(text[(colon + 1)..], out error) is not ushort port)
            return null;
        return (address, port);
    }

    private static object? ParseBoardName(string text, out string error)
    {
        error = "";
        if (text.Length is 0 or > 32 || !text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || text[0] == '-')
        {
            error = $"'{text}' is not a board name (lower-case letters, digits and '-', e.g. rpi4)";
            return null;
        }
        return text;
    }

    private static object? ParseNetmask(string text, out string error)
    {
        error = "";
        if (!Ipv4Address.TryParse(text, out var mask))
        {
            error = "expected a subnet mask, like 255.255.255.0";
            return null;
        }
        uint inverted = ~mask.Value;
        if ((inverted & (inverted + 1)) != 0 || mask.IsAny)
        {
            error = $"{mask} is not a contiguous subnet mask (ones then zeros, like 255.255.255.0)";
            return null;
        }
        return mask;
    }

    private static object? ParseAddressOrRange(string text, out string error)
    {
        if (text.Contains('-'))
            return ParseRange(text, out error);
        if (ParseAddress(text, out error) is Ipv4Address address)
            return new Ipv4Range(address, address);
        error = $"{error} or a range first-last";
        return null;
    }

    private static object? ParseNetwork(string text, out string error)
    {
        error = "";
        if (!Ipv4Prefix.TryParse(text, out var prefix))
        {
            error = "expected a network with prefix length, like 198.51.100.0/24";
            return null;
        }
        if (prefix.Address != prefix.Network)
        {
            error = $"{text} has host bits set: the network is {prefix.Network}/{prefix.PrefixLength}";
            return null;
        }
        return prefix;
    }

    private static object? ParseRange(string text, out string error)
    {
        error = "";
        if (!Ipv4Range.TryParse(text, out var range))
        {
            error = "expected first-last, like 198.18.0.200-198.18.0.220, with first <= last";
            return null;
        }
        if (!IsHostAddress(range.First) || !IsHostAddress(range.Last))
        {
            error = "a range holds unicast host addresses only";
            return null;
        }
        return range;
    }

    // IKE identities as configured: FQDN, user@domain, an address, or a distinguished name in quotes.
    private static object? ParseIdentity(string text, out string error)
    {
        error = "";
        if (text.Length is 0 or > 255)
        {
            error = "an identity has 1 to 255 characters";
            return null;
        }
        foreach (char c in text)
        {
            if (c < ' ' || c > '~')
            {
                error = "an identity is printable ASCII";
                return null;
            }
        }
        return text;
    }

    private static object? ParseFilePath(string text, out string error)
    {
        error = "";
        if (!text.StartsWith('/') || text.Contains('\0'))
        {
            error = "expected an absolute path, like /data/certs/gateway.pem";
            return null;
        }
        return text;
    }

    private static object? ParseNtHash(string text, out string error)
    {
        error = "";
        if (text.Length != 32 || !text.All(char.IsAsciiHexDigit))
        {
            error = "an NT hash is 32 hex digits (MD4 of the password in UTF-16LE)";
            return null;
        }
        return text.ToUpperInvariant();
    }

    private static object? ParseSecret(string text, out string error)
    {
        error = "";
        if (text.Length < 8 || text.Length > 128)
        {
            error = "a secret has 8 to 128 characters";
            return null;
        }
        return text;
    }

    private static object? ParseDomainName(string text, out string error)
    {
        error = "";
        if (text.Length is 0 or > 253 || text.StartsWith('.') || text.EndsWith('.') || text.Contains(".."))
        {
            error = "expected a domain name like office.example.com";
            return null;
        }
        foreach (var label in text.Split('.'))
        {
            if (label.Length > 63 || label.StartsWith('-') || label.EndsWith('-') || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                error = $"'{label}' is not a valid domain label (letters, digits, '-', at most 63)";
                return null;
            }
        }
        return text.ToLowerInvariant();
    }

    private static object? ParseSwitch(string text, out string error)
    {
        error = "";
        switch (text)
        {
            case "enable": return true;
            case "disable": return false;
            default:
                error = "expected enable or disable";
                return null;
        }
    }

    private static object? ParseBytes(string text, out string error)
    {
        error = "";
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long bytes) ||
            bytes < 1_000_000)
        {
            error = "expected a number of bytes, at least 1000000";
            return null;
        }
        return bytes;
    }

    private static object? ParseSeconds(string text, int minimum, out string error)
    {
        error = "";
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds) ||
            seconds < minimum || seconds > 7 * 24 * 3600)
        {
            error = $"expected a number of seconds from {minimum} to 604800";
            return null;
        }
        return seconds;
    }

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
        if (text == Dhcp)
        {
            // Only the wan's address leaf takes the word (PrefixOrDhcp); say so rather than "not an address".
            error = "an address from dhcp is for the wan port only; this port needs a.b.c.d/len";
            return null;
        }
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

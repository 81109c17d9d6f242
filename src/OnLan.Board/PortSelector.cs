namespace OnLan.Board;

/// <summary>How a profile names an Ethernet port: by interface name, or by where the device sits on its bus.</summary>
public enum PortSelectorKind
{
    /// <summary>A kernel interface name such as <c>eth0</c>.</summary>
    Name,

    /// <summary>A USB port path as the kernel names the device in <c>/sys/bus/usb/devices</c> (<c>1-1.2</c>, <c>2-1</c>).</summary>
    UsbPort,

    /// <summary>A PCI address as in <c>/sys/bus/pci/devices</c> (<c>0000:01:00.0</c>).</summary>
    PciAddress,
}

/// <summary>
/// The WAN or LAN port of a board. A bus path is for adapters whose interface name is not stable (a USB adapter is
/// <c>eth1</c> or <c>enx…</c> depending on udev, and the order of discovery); a <c>*</c> in it matches any run of
/// characters, so <c>usb:*</c> is "the USB Ethernet adapter, whichever port it is plugged into".
/// </summary>
public sealed record PortSelector(PortSelectorKind Kind, string Pattern)
{
    /// <summary>The longest interface name Linux accepts (IFNAMSIZ 16, less the terminating zero).</summary>
    public const int MaximumNameLength = 15;

    /// <summary>
    /// Whether an interface matches. <paramref name="busPath"/> is the interface's device path for this selector's kind
    /// (the USB port path or the PCI address, found by the platform layer under /sys/class/net/NAME/device), or null.
    /// </summary>
    public bool Matches(string interfaceName, string? busPath) => Kind switch
    {
        PortSelectorKind.Name => string.Equals(interfaceName, Pattern, StringComparison.Ordinal),
        _ => busPath is not null && WildcardMatch(Pattern, busPath),
    };

    public override string ToString() => Kind switch
    {
        PortSelectorKind.UsbPort => "usb:" + Pattern,
        PortSelectorKind.PciAddress => "pci:" + Pattern,
        _ => Pattern,
    };

    /// <summary>Parses <c>eth0</c>, <c>usb:1-1.2</c>, <c>usb:*</c> or <c>pci:0000:01:00.0</c>; null with a reason when malformed.</summary>
    public static PortSelector? TryParse(string text, out string? error)
    {
        error = null;
        if (text.StartsWith("usb:", StringComparison.Ordinal))
            return BusPath(PortSelectorKind.UsbPort, text[4..], "0123456789-.*", ref error);
        if (text.StartsWith("pci:", StringComparison.Ordinal))
            return BusPath(PortSelectorKind.PciAddress, text[4..], "0123456789abcdefABCDEF:.*", ref error);
        if (text.Length > MaximumNameLength || text.Contains('/') || text.Contains(':') || text.Contains('*'))
        {
            error = $"'{text}' is not an interface name (at most {MaximumNameLength} characters, no '/', ':' or '*'), a usb:PORT-PATH or a pci:ADDRESS";
            return null;
        }
        return new PortSelector(PortSelectorKind.Name, text);
    }

    private static PortSelector? BusPath(PortSelectorKind kind, string path, string allowed, ref string? error)
    {
        if (path.Length == 0 || path.Any(c => !allowed.Contains(c)))
        {
            error = kind == PortSelectorKind.UsbPort
                ? $"'usb:{path}' is not a USB port path such as usb:1-1.2 (digits, '-', '.', '*')"
                : $"'pci:{path}' is not a PCI address such as pci:0000:01:00.0";
            return null;
        }
        return new PortSelector(kind, path);
    }

    private static bool WildcardMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int star = pattern.IndexOf('*');
        if (star < 0) return pattern.SequenceEqual(text);
        if (!text.StartsWith(pattern[..star])) return false;
        ReadOnlySpan<char> rest = pattern[(star + 1)..];
        for (int i = star; i <= text.Length; i++)
            if (WildcardMatch(rest, text[i..])) return true;
        return false;
    }
}

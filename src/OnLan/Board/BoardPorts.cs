using OnLan.Board;
using OnLan.Configuration;

namespace OnLan.BoardSupport;

/// <summary>
/// The WAN and LAN ports a board profile names, turned into interface names: by name, or by where the device sits
/// (a USB port path, a PCI address), read from /sys/class/net/NAME/device — for adapters whose interface name depends
/// on udev and the order of discovery. Only ports the configuration leaves unnamed are taken from the profile.
/// </summary>
public static class BoardPorts
{
    public static GatewayConfiguration? Resolve(GatewayConfiguration configuration, string boardRoot, out string? error, string sysClassNet = "/sys/class/net")
    {
        error = null;
        if (configuration.Wan.Port is not null && configuration.Lan.Port is not null) return configuration;
        if (configuration.System.Board is not { } name)
        {
            error = "no port configured and no board profile to take it from";
            return null;
        }
        var found = BoardProfiles.Find(boardRoot, name);
        if (!found.Succeeded)
        {
            error = found.ErrorText;
            return null;
        }
        var profile = found.Profile!;
        foreach (var role in (PortRole[])[PortRole.Wan, PortRole.Lan])
        {
            if (configuration[role].Port is not null) continue;
            var selector = role == PortRole.Wan ? profile.Wan : profile.Lan;
            string? match = Interfaces(sysClassNet).FirstOrDefault(i => selector.Matches(i, BusPath(sysClassNet, i, selector.Kind)));
            if (match is null)
            {
                error = $"board {name}: no interface matches its {role.Keyword()} port {selector}";
                return null;
            }
            configuration = configuration.With(role, configuration[role] with { Port = match });
        }
        return configuration;
    }

    private static IEnumerable<string> Interfaces(string sysClassNet) =>
        Directory.Exists(sysClassNet) ? Directory.GetFileSystemEntries(sysClassNet).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal) : [];

    // /sys/class/net/eth1/device → …/1-1.2:1.0 (USB: the port path before ':') or …/0000:01:00.0 (PCI).
    private static string? BusPath(string sysClassNet, string interfaceName, PortSelectorKind kind)
    {
        if (kind == PortSelectorKind.Name) return null;
        try
        {
            var device = new FileInfo(Path.Combine(sysClassNet, interfaceName, "device")).ResolveLinkTarget(returnFinalTarget: true);
            if (device is null) return null;
            string last = device.Name;
            return kind == PortSelectorKind.UsbPort ? last.Split(':')[0] : last;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

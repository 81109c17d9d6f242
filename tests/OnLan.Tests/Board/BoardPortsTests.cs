using OnLan.BoardSupport;
using OnLan.Configuration;

namespace OnLan.Tests.Board;

/// <summary>Ports the configuration leaves unnamed come from the board profile: by name, or by USB port / PCI address.</summary>
public sealed class BoardPortsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("onlan-board-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Board(string wan, string lan)
    {
        string boards = Path.Combine(_root, "boards");
        Directory.CreateDirectory(Path.Combine(boards, "test"));
        File.WriteAllText(Path.Combine(boards, "test", "board.conf"), $"wan {wan}\nlan {lan}\nsimulated yes\n");
        return boards;
    }

    // A fake /sys/class/net: one directory per interface, its "device" a link to where the device sits.
    private string Net(params (string Name, string? Device)[] interfaces)
    {
        string net = Path.Combine(_root, "net");
        foreach (var (name, device) in interfaces)
        {
            Directory.CreateDirectory(Path.Combine(net, name));
            if (device is null) continue;
            string target = Path.Combine(_root, "devices", device);
            Directory.CreateDirectory(target);
            File.CreateSymbolicLink(Path.Combine(net, name, "device"), target);
        }
        return net;
    }

    private static GatewayConfiguration Unnamed(string? wanPort = null) => GatewayConfiguration.Empty with
    {
        Wan = InterfaceConfiguration.Unset with { Port = wanPort },
        System = new SystemConfiguration { Board = "test" },
    };

    [Fact]
    public void A_usb_adapter_is_found_by_its_port_path_and_a_named_port_by_its_name()
    {
        string boards = Board("eth0", "usb:1-1.*");
        string net = Net(("eth0", "0000:01:00.0"), ("enx00e04c680001", "1-1.3:1.0"), ("lo", null));

        var resolved = BoardPorts.Resolve(Unnamed(), boards, out string? error, net);

        Assert.True(resolved is not null, error);
        Assert.Equal("eth0", resolved.Wan.Port);
        Assert.Equal("enx00e04c680001", resolved.Lan.Port);
    }

    [Fact]
    public void A_port_the_configuration_names_wins_and_a_missing_one_is_a_clear_error()
    {
        string boards = Board("pci:0000:02:00.0", "usb:2-*");
        string net = Net(("eth0", "0000:01:00.0"), ("eth1", "1-1:1.0"));

        var named = BoardPorts.Resolve(Unnamed(wanPort: "eth0"), boards, out _, net);
        Assert.Null(named);

        BoardPorts.Resolve(Unnamed(), boards, out string? error, net);
        Assert.Contains("no interface matches its wan port pci:0000:02:00.0", error);
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using OnLan.Testing;

namespace OnLan.Interop.Tests;

/// <summary>
/// tcpdump on one interface of a namespace, writing a pcap file; <see cref="Stop"/> ends it (SIGINT, so the file is
/// complete) and returns the Ethernet frames it saw, in order. Dispose removes the files.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private const uint MagicMicroseconds = 0xA1B2C3D4;
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const int GlobalHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const uint LinkTypeEthernet = 1;

    private readonly Process _tcpdump;
    private readonly string _pcapPath;
    private readonly string _logPath;

    private PacketCapture(Process tcpdump, string pcapPath, string logPath)
    {
        _tcpdump = tcpdump;
        _pcapPath = pcapPath;
        _logPath = logPath;
    }

    /// <summary>Starts tcpdump on <paramref name="device"/> in <paramref name="space"/> and waits until it listens.</summary>
    public static PacketCapture Start(NetworkNamespace space, string device = "eth0")
    {
        string stem = Path.Combine(Path.GetTempPath(), $"onlan-capture-{Guid.NewGuid():N}");
        string pcap = stem + ".pcap", log = stem + ".log";
        // --immediate-mode hands each packet over as it comes (no buffer timeout), -U writes it at once, -Z root keeps
        // the file writable (tcpdump drops to its own user otherwise); exec makes the process we hold tcpdump itself.
        var process = space.Start($"exec tcpdump -Z root --immediate-mode -U -n -s 0 -i {device} -w {pcap} 2>{log}");
        var capture = new PacketCapture(process, pcap, log);
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(log) && File.ReadAllText(log).Contains("listening on", StringComparison.Ordinal)))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
                throw new InvalidOperationException($"tcpdump did not start on {device} in {space}: {(File.Exists(log) ? File.ReadAllText(log) : "no log")}");
            Thread.Sleep(20);
        }
        return capture;
    }

    /// <summary>Stops the capture and returns every frame it wrote.</summary>
    public IReadOnlyList<byte[]> Stop()
    {
        if (!_tcpdump.HasExited)
        {
            Thread.Sleep(200); // the last frames still on their way through the capture socket
            Shell.Run("kill", ["-INT", _tcpdump.Id.ToString()], TimeSpan.FromSeconds(5));
            if (!_tcpdump.WaitForExit(TimeSpan.FromSeconds(5))) _tcpdump.Kill();
        }
        return Read(File.ReadAllBytes(_pcapPath));
    }

    /// <summary>The frames of a classic pcap file (either timestamp resolution, little-endian, Ethernet).</summary>
    public static IReadOnlyList<byte[]> Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < GlobalHeaderLength) throw new InvalidDataException("pcap file shorter than its header");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic is not (MagicMicroseconds or MagicNanoseconds)) throw new InvalidDataException($"not a little-endian pcap file (magic {magic:x8})");
        uint linkType = BinaryPrimitives.ReadUInt32LittleEndian(file[20..]);
        if (linkType != LinkTypeEthernet) throw new InvalidDataException($"link type {linkType}, not Ethernet");
        var frames = new List<byte[]>();
        int at = GlobalHeaderLength;
        while (at + RecordHeaderLength <= file.Length)
        {
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file[(at + 8)..]);
            at += RecordHeaderLength;
            if (at + captured > file.Length) break; // a record cut short by the stop
            frames.Add(file.Slice(at, captured).ToArray());
            at += captured;
        }
        return frames;
    }

    public void Dispose()
    {
        if (!_tcpdump.HasExited) Stop();
        File.Delete(_pcapPath);
        File.Delete(_logPath);
    }
}

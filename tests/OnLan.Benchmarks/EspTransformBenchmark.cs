using System.Diagnostics;
using System.Security.Cryptography;
using OnLan.Esp;
using OnLan.Ike;
using OnLan.Ike.Messages;
using OnLan.Wire;

namespace OnLan.Benchmarks;

/// <summary>
/// ESP on one core, in process: packets/s and Gbit/s (inner IPv4 bytes) for EspSa.Encapsulate and
/// EspSa.Decapsulate, next to the raw .NET primitive on the same payload size in the same run (AesGcm.Encrypt,
/// ChaCha20Poly1305.Encrypt, or the AES-CBC transform + IncrementalHash HMAC that the CBC suite is built from).
/// Encapsulate includes copying the inner packet back into place each time (the buffer is overwritten);
/// decapsulate includes copying a pre-built ESP packet into the work buffer (decryption is in place). Needs no root.
/// </summary>
public static class EspTransformBenchmark
{
    internal static readonly (string Name, EncryptionAlgorithm Encryption, int KeyBits, IntegrityAlgorithm Integrity, int IntegrityKey)[] Suites =
    [
        ("AES-256-GCM", EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None, 0),
        ("ChaCha20-Poly1305", EncryptionAlgorithm.ChaCha20Poly1305, 256, IntegrityAlgorithm.None, 0),
        ("AES-256-CBC+HMAC-SHA256", EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha2_256_128, 32),
    ];

    private static readonly Ipv4Address LanHost = new(198, 18, 0, 10);
    private static readonly Ipv4Address PeerInner = new(198, 18, 0, 201);

    public static void Run(TimeSpan duration)
    {
        Console.WriteLine($"ESP transform, one core, in process (best of 3 x {duration.TotalSeconds / 3:0.##} s per figure, interleaved); Gbit/s counts inner IPv4 bytes; UDP-encapsulated.");
        Console.WriteLine($"{"suite",-24} {"inner",5} {"encap pkt/s",12} {"Gbit/s",7} {"decap pkt/s",12} {"Gbit/s",7} {"raw enc pkt/s",14} {"Gbit/s",7} {"encap/raw",9}");
        foreach (var suite in Suites)
        {
            foreach (int size in new[] { 1400, 64 })
            {
                (ChildSaInstallation gateway, ChildSaInstallation peer) = Installations(suite);
                // Best of three interleaved runs: the three figures see the same machine load (shared CI hosts).
                double encap = 0, decap = 0, raw = 0;
                for (int run = 0; run < 3; run++)
                {
                    raw = Math.Max(raw, MeasureRaw(suite.Encryption, gateway.OutboundEncryptionKey, gateway.OutboundIntegrityKey, suite.Integrity, size, duration / 3));
                    encap = Math.Max(encap, MeasureEncapsulate(gateway, size, duration / 3));
                    decap = Math.Max(decap, MeasureDecapsulate(gateway, peer, size, duration / 3));
                }
                Console.WriteLine($"{suite.Name,-24} {size,5} {encap,12:N0} {Gbits(encap, size),7:0.00} {decap,12:N0} {Gbits(decap, size),7:0.00} {raw,14:N0} {Gbits(raw, size),7:0.00} {encap / raw,9:0.00}");
            }
        }
        foreach (var suite in Suites)
        {
            (ChildSaInstallation gateway, ChildSaInstallation peer) = Installations(suite);
            double forged = MeasureForged(gateway, peer, 1400, duration / 2);
            Console.WriteLine($"  forged 1400-B packets dropped ({suite.Name}, bad ICV): {forged:N0}/s" +
                (suite.Integrity == IntegrityAlgorithm.None ? " (each one an AuthenticationTagMismatchException: .NET 10 has no TryDecrypt)" : " (HMAC compare, no exception)"));
        }
        Console.WriteLine();
    }

    private static double Gbits(double packetsPerSecond, int size) => packetsPerSecond * size * 8 / 1e9;

    internal static double MeasureEncapsulate(ChildSaInstallation gateway, int size, TimeSpan duration)
    {
        using var sa = EspSaPair.Create(gateway);
        byte[] buffer = new byte[EspSa.Headroom + size + EspSa.Tailroom];
        byte[] template = InnerPacket(LanHost, PeerInner, size);
        long count = 0;
        for (int i = 0; i < 20_000; i++) Encapsulate(); // JIT, tiering
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            for (int i = 0; i < 1000; i++) Encapsulate();
            count += 1000;
        }
        return count / watch.Elapsed.TotalSeconds;

        void Encapsulate()
        {
            template.CopyTo(buffer.AsSpan(EspSa.Headroom));
            if (sa.Encapsulate(buffer, EspSa.Headroom, size, out _, out _) != EspSendResult.Ok) throw new InvalidOperationException("encapsulate failed");
        }
    }

    internal static double MeasureDecapsulate(ChildSaInstallation gateway, ChildSaInstallation peer, int size, TimeSpan duration)
    {
        // Pre-built packets from the peer, sequence 1..n; each round replays them into a fresh gateway SA.
        int n = size > 512 ? 8192 : 32768;
        using var sender = EspSaPair.Create(peer);
        var packets = new byte[n][];
        byte[] buffer = new byte[EspSa.Headroom + size + EspSa.Tailroom];
        byte[] template = InnerPacket(PeerInner, LanHost, size);
        for (int i = 0; i < n; i++)
        {
            template.CopyTo(buffer.AsSpan(EspSa.Headroom));
            sender.Encapsulate(buffer, EspSa.Headroom, size, out int offset, out int length);
            packets[i] = buffer.AsSpan(offset + 28, length - 28).ToArray();
        }
        byte[] work = new byte[packets[0].Length];
        long count = 0;
        long ticks = 0;
        bool warm = false;
        var wall = Stopwatch.StartNew();
        while (!warm || wall.Elapsed < duration)
        {
            using var sa = EspSaPair.Create(gateway);
            long start = Stopwatch.GetTimestamp();
            foreach (byte[] packet in packets)
            {
                packet.CopyTo(work, 0);
                if (sa.Decapsulate(work, out _, out _) != EspDropReason.None) throw new InvalidOperationException("decapsulate failed");
            }
            if (warm)
            {
                ticks += Stopwatch.GetTimestamp() - start;
                count += n;
            }
            warm = true;
        }
        return count / ((double)ticks / Stopwatch.Frequency);
    }

    private static double MeasureForged(ChildSaInstallation gateway, ChildSaInstallation peer, int size, TimeSpan duration)
    {
        using var sender = EspSaPair.Create(peer);
        using var sa = EspSaPair.Create(gateway);
        byte[] buffer = new byte[EspSa.Headroom + size + EspSa.Tailroom];
        InnerPacket(PeerInner, LanHost, size).CopyTo(buffer.AsSpan(EspSa.Headroom));
        sender.Encapsulate(buffer, EspSa.Headroom, size, out int offset, out int length);
        byte[] forged = buffer.AsSpan(offset + 28, length - 28).ToArray();
        forged[^1] ^= 1;
        byte[] work = new byte[forged.Length];
        long count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            for (int i = 0; i < 100; i++)
            {
                forged.CopyTo(work, 0);
                if (sa.Decapsulate(work, out _, out _) != EspDropReason.IntegrityFailed) throw new InvalidOperationException("forgery accepted");
            }
            count += 100;
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The bare .NET primitive on the ESP payload size (inner + trailer, aligned), in place, same key.</summary>
    private static double MeasureRaw(EncryptionAlgorithm encryption, byte[] keyMaterial, byte[] integrityKey, IntegrityAlgorithm integrity, int size, TimeSpan duration)
    {
        int aligned = encryption == EncryptionAlgorithm.AesCbc ? 16 : 4;
        int payloadLength = (size + 2 + aligned - 1) / aligned * aligned;
        byte[] data = new byte[8 + 16 + payloadLength + 32];
        byte[] nonce = new byte[12];
        byte[] tag = new byte[16];
        byte[] mac = new byte[64];
        Action once;
        IDisposable owner;
        switch (encryption)
        {
            case EncryptionAlgorithm.AesGcm16:
                var gcm = new AesGcm(keyMaterial.AsSpan(0, keyMaterial.Length - 4), 16);
                once = () => { nonce[11]++; gcm.Encrypt(nonce, data.AsSpan(16, payloadLength), data.AsSpan(16, payloadLength), tag, data.AsSpan(0, 8)); };
                owner = gcm;
                break;
            case EncryptionAlgorithm.ChaCha20Poly1305:
                var chacha = new ChaCha20Poly1305(keyMaterial.AsSpan(0, keyMaterial.Length - 4));
                once = () => { nonce[11]++; chacha.Encrypt(nonce, data.AsSpan(16, payloadLength), data.AsSpan(16, payloadLength), tag, data.AsSpan(0, 8)); };
                owner = chacha;
                break;
            default:
                var aes = Aes.Create();
                aes.Key = keyMaterial;
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.None;
                var encryptor = aes.CreateEncryptor(keyMaterial, new byte[16]);
                var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, integrityKey);
                once = () =>
                {
                    encryptor.TransformBlock(data, 8, 16 + payloadLength, data, 8);
                    hmac.AppendData(data.AsSpan(0, 8 + 16 + payloadLength));
                    hmac.TryGetHashAndReset(mac, out _);
                };
                owner = aes;
                break;
        }
        using (owner)
        {
            for (int i = 0; i < 20_000; i++) once();
            long count = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < duration)
            {
                for (int i = 0; i < 1000; i++) once();
                count += 1000;
            }
            return count / watch.Elapsed.TotalSeconds;
        }
    }

    private static byte[] InnerPacket(Ipv4Address source, Ipv4Address destination, int size)
    {
        var packet = new byte[size];
        new UdpRepr(40000, 5001).Emit(packet.AsSpan(Ipv4Repr.HeaderLength), size - Ipv4Repr.HeaderLength - UdpRepr.HeaderLength, source, destination);
        new Ipv4Repr(source, destination, IpProtocol.Udp, size - Ipv4Repr.HeaderLength).Emit(packet);
        return packet;
    }

    internal static (ChildSaInstallation Gateway, ChildSaInstallation Peer) Installations(
        (string Name, EncryptionAlgorithm Encryption, int KeyBits, IntegrityAlgorithm Integrity, int IntegrityKey) suite)
    {
        int keyLength = suite.KeyBits / 8 + (suite.Integrity == IntegrityAlgorithm.None ? 4 : 0);
        byte[] upKey = RandomNumberGenerator.GetBytes(keyLength), downKey = RandomNumberGenerator.GetBytes(keyLength);
        byte[] upAuth = RandomNumberGenerator.GetBytes(suite.IntegrityKey), downAuth = RandomNumberGenerator.GetBytes(suite.IntegrityKey);
        var gateway = new ChildSaInstallation
        {
            InboundSpi = 0xC0DE0001,
            OutboundSpi = 0xBEEF0002,
            Encryption = suite.Encryption,
            EncryptionKeyBits = suite.KeyBits,
            Integrity = suite.Integrity,
            InboundEncryptionKey = upKey,
            InboundIntegrityKey = upAuth,
            OutboundEncryptionKey = downKey,
            OutboundIntegrityKey = downAuth,
            Local = new IkeEndpoint(new Ipv4Address(203, 0, 113, 1), IkeEndpoint.NatTraversalPort),
            Remote = new IkeEndpoint(new Ipv4Address(203, 0, 113, 50), 40123),
            UdpEncapsulated = true,
            RemoteInnerAddress = PeerInner,
            LocalSelectors = [TrafficSelector.Ipv4(new Ipv4Address(198, 18, 0, 0), new Ipv4Address(198, 18, 0, 255))],
            IkeSaSpi = 1,
            PeerIdentity = "bench",
        };
        var peer = gateway with
        {
            InboundSpi = gateway.OutboundSpi,
            OutboundSpi = gateway.InboundSpi,
            InboundEncryptionKey = downKey,
            InboundIntegrityKey = downAuth,
            OutboundEncryptionKey = upKey,
            OutboundIntegrityKey = upAuth,
            Local = gateway.Remote,
            Remote = gateway.Local,
            RemoteInnerAddress = LanHost,
            LocalSelectors = [TrafficSelector.Ipv4(PeerInner, PeerInner)],
        };
        return (gateway, peer);
    }
}

using System.Buffers.Binary;

namespace OnLan.Esp;

/// <summary>
/// The ESP header (RFC 4303 §2): what the receive path reads before it knows the SA.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
/// |               Security Parameters Index (SPI)                 | ^Int.
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
/// |                      Sequence Number                          | |ered
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
/// |                    Payload Data* (variable)                   | |   ^
/// ~                                                               ~ |   |
/// |                                                               | |Conf.
/// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
/// |               |     Padding (0-255 bytes)                     | |ered*
/// +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
/// |                               |  Pad Length   | Next Header   | v   v
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
/// |         Integrity Check Value-ICV   (variable)                |
/// ~                                                               ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Payload Data starts with the IV (8 bytes for the AEADs, 16 for AES-CBC).
/// </summary>
public static class EspPacket
{
    public const int SpiOffset = 0;
    public const int SequenceNumberOffset = 4;
    public const int HeaderLength = 8;
    /// <summary>Pad Length and Next Header.</summary>
    public const int TrailerLength = 2;
    /// <summary>Next Header for tunnel mode with an IPv4 inner packet (IP-in-IP).</summary>
    public const byte NextHeaderIpv4 = 4;
    /// <summary>Next Header of a dummy packet (RFC 4303 §2.6).</summary>
    public const byte NextHeaderNone = 59;

    /// <summary>
    /// Reads the SPI for the SA lookup. False for fewer than 8 bytes (a NAT-keepalive, RFC 3948 §2.3, is 1 byte)
    /// and for SPI 0, which on UDP 4500 is the non-ESP marker of an IKE message (RFC 3948 §2.2): hand those to IKE.
    /// </summary>
    public static bool TryReadSpi(ReadOnlySpan<byte> esp, out uint spi)
    {
        spi = 0;
        if (esp.Length < HeaderLength) return false;
        spi = BinaryPrimitives.ReadUInt32BigEndian(esp);
        return spi != 0;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnLan.Ike;

/// <summary>The NAT_DETECTION_SOURCE_IP / _DESTINATION_IP data of RFC 7296 §2.23.</summary>
public static class NatDetection
{
    /// <summary>SHA-1(SPIi | SPIr | IP | Port); SPIr is 0 in the IKE_SA_INIT request.</summary>
    public static byte[] Hash(ulong initiatorSpi, ulong responderSpi, IkeEndpoint endpoint)
    {
        Span<byte> input = stackalloc byte[8 + 8 + 4 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(input, initiatorSpi);
        BinaryPrimitives.WriteUInt64BigEndian(input[8..], responderSpi);
        endpoint.Address.WriteTo(input[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(input[20..], endpoint.Port);
        return SHA1.HashData(input);
    }
}

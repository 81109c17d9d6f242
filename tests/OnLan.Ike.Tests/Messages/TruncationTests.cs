using OnLan.Testing.Ike;
using System.Buffers.Binary;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Messages;

public class TruncationTests
{
    public static TheoryData<string> Captures() =>
    [
        nameof(CapturedIkeMessages.IkeSaInitRequest), nameof(CapturedIkeMessages.IkeSaInitResponse),
        nameof(CapturedIkeMessages.IkeAuthRequest), nameof(CapturedIkeMessages.IkeAuthResponse),
    ];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_prefix_of_a_captured_message_is_rejected_when_its_header_length_is_left_alone(string name)
    {
        byte[] message = CapturedMessageTests.Message(name);
        for (int length = 0; length < message.Length; length++)
        {
            var payloads = new List<IkePayload>();
            IkeError error = IkeMessageCodec.TryParse(message.AsSpan(0, length), out _, payloads, out _);
            Assert.True(error == IkeError.Truncated, $"prefix {length}: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_prefix_of_a_captured_message_fails_in_the_payload_chain_when_the_header_length_is_patched(string name)
    {
        byte[] message = CapturedMessageTests.Message(name);
        for (int length = IkeHeader.Size; length < message.Length; length++)
        {
            byte[] prefix = message[..length];
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(24), (uint)length);
            var payloads = new List<IkePayload>();

            IkeError error = IkeMessageCodec.TryParse(prefix, out IkeHeader header, payloads, out _);

            Assert.Equal((uint)length, header.Length); // the header itself was accepted
            Assert.True(error is IkeError.Truncated or IkeError.BadLength or IkeError.InvalidSyntax, $"prefix {length}: {error}");
        }
    }
}

using OnLan.Dhcp;
using OnLan.Wire;

namespace OnLan.Dhcp.Tests;

/// <summary>Hostile bytes: whatever comes through a tunnel, parsing and answering return, they never throw.</summary>
public class MutationTests
{
    private const int Rounds = 10_000;

    [Fact]
    public void Random_and_mutated_messages_never_make_the_parser_or_the_server_throw()
    {
        var random = new Random(20240611); // fixed seed: a failure replays
        byte[][] seeds =
        [
            Requests.WindowsInform(),
            Requests.Build(DhcpMessageType.Discover),
            Requests.Build(DhcpMessageType.Request, options: (DhcpOptionCode.RequestedAddress, Requests.Bytes(Requests.Leased))),
        ];
        var reply = new byte[1500];
        int parsed = 0, answered = 0;

        for (int round = 0; round < Rounds; round++)
        {
            byte[] input = DhcpMutations.Mutate(random, seeds[round % seeds.Length], round);

            if (DhcpMessage.TryParse(input, out var message) == DhcpError.None)
            {
                parsed++;
                // Every accessor is safe on a view the factory accepted.
                _ = message.MessageType;
                _ = message.ParameterRequestList.Length + message.ClientIdentifier.Length + message.HostName.Length;
                _ = message.RequestedAddress;
                _ = message.ServerIdentifier;
                _ = message.ClientHardwareAddress.Length;
                foreach (var (_, value) in message.EnumerateOptions()) _ = value.Length;
            }
            if (TunnelDhcpServer.TryAnswer(input, Requests.Leased, Requests.Server, DhcpOptionSetTests.Full, reply, out int length, out var destination))
            {
                answered++;
                Assert.Equal(Requests.Leased, destination);
                Assert.Equal(DhcpError.None, DhcpMessage.TryParse(reply.AsSpan(0, length), out _));
            }
            _ = DhcpOptionSet.TryDecodeRaw(input.AsSpan(Math.Min(input.Length, DhcpMessage.OptionsOffset)), out _, out _);
        }

        // The mutations must leave some messages whole, or the test would only exercise the first check.
        Assert.True(parsed > Rounds / 10, $"only {parsed} of {Rounds} inputs parsed");
        Assert.True(answered > Rounds / 20, $"only {answered} of {Rounds} inputs were answered");
    }

    [Fact]
    public void Random_option_sequences_never_make_the_raw_decoder_throw()
    {
        var random = new Random(7);
        byte[] seed = DhcpOptionSetTests.Full.ToRaw();
        int decoded = 0;

        for (int round = 0; round < Rounds; round++)
        {
            byte[] input = DhcpMutations.Mutate(random, seed, round);
            if (DhcpOptionSet.TryDecodeRaw(input, out var options, out _))
            {
                decoded++;
                // Whatever decodes is a valid set: it encodes again without throwing.
                _ = options!.ToRaw();
            }
        }

        Assert.True(decoded > 0);
    }
}

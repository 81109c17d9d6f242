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
            byte[] input = Mutate(random, seeds[round % seeds.Length], round);

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
            byte[] input = Mutate(random, seed, round);
            if (DhcpOptionSet.TryDecodeRaw(input, out var options, out _))
            {
                decoded++;
                // Whatever decodes is a valid set: it encodes again without throwing.
                _ = options!.ToRaw();
            }
        }

        Assert.True(decoded > 0);
    }

    private static byte[] Mutate(Random random, byte[] seed, int round)
    {
        switch (round % 5)
        {
            case 0: // pure noise of any length
                var noise = new byte[random.Next(0, 600)];
                random.NextBytes(noise);
                return noise;
            case 1: // a few bytes flipped
            {
                byte[] copy = (byte[])seed.Clone();
                for (int i = random.Next(1, 4); i > 0; i--)
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case 2: // cut anywhere
                return seed[..random.Next(seed.Length + 1)];
            case 3: // a byte in the options flipped (headers stay valid, option lengths go wrong)
            {
                byte[] copy = (byte[])seed.Clone();
                int start = Math.Min(copy.Length - 1, seed.Length > DhcpMessage.OptionsOffset ? DhcpMessage.OptionsOffset : 0);
                copy[random.Next(start, copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            default: // untouched, or with random junk appended
                byte[] tail = new byte[random.Next(0, 40)];
                random.NextBytes(tail);
                return [.. seed, .. tail];
        }
    }
}

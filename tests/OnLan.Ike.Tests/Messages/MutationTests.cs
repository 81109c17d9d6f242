using OnLan.Testing.Ike;
using System.Diagnostics;
using OnLan.Ike.Messages;

namespace OnLan.Ike.Tests.Messages;

public class MutationTests
{
    private const int Mutations = 20_000;

    /// <summary>
    /// Bit flips, byte changes, truncations, duplicated and deleted ranges, and length-field rewrites of the captured
    /// messages. Every parse must end without an exception, and whatever parses must write back to bytes that parse
    /// and write identically again.
    /// </summary>
    [Fact]
    public void Twenty_thousand_mutated_messages_never_throw_and_parse_in_bounded_time()
    {
        var random = new Random(7296);
        byte[][] seeds = CapturedIkeMessages.All.ToArray();
        var payloads = new List<IkePayload>();
        int accepted = 0;
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < Mutations; i++)
        {
            byte[] message = Mutate(seeds[random.Next(seeds.Length)], random);
            Exception? thrown = Record.Exception(() =>
            {
                payloads.Clear();
                IkeError error = IkeMessageCodec.TryParse(message, out IkeHeader header, payloads, out _);
                if (error != IkeError.None) return;
                accepted++;
                byte[] written = IkeMessageCodec.Write(header, payloads);
                var again = new List<IkePayload>();
                Assert.Equal(IkeError.None, IkeMessageCodec.TryParse(written, out IkeHeader header2, again, out _));
                Assert.Equal(written, IkeMessageCodec.Write(header2, again));
            });
            Assert.True(thrown is null, $"mutation {i} ({Convert.ToHexString(message)}): {thrown}");
        }

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.InRange(accepted, 1, Mutations - 1); // the mutations reach both outcomes
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var message = new List<byte>(original);
        int rounds = 1 + random.Next(3);
        for (int r = 0; r < rounds && message.Count > 0; r++)
        {
            int at = random.Next(message.Count);
            switch (random.Next(7))
            {
                case 0: // bit flip
                    message[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // byte change
                    message[at] = (byte)random.Next(256);
                    break;
                case 2: // truncation
                    message.RemoveRange(at, message.Count - at);
                    break;
                case 3: // duplicated range
                {
                    int count = Math.Min(1 + random.Next(64), message.Count - at);
                    message.InsertRange(at, message.GetRange(at, count));
                    break;
                }
                case 4: // deleted range
                    message.RemoveRange(at, Math.Min(1 + random.Next(32), message.Count - at));
                    break;
                case 5: // a small value in a 16-bit field, as payload, proposal, transform and attribute lengths are
                    if (at + 1 < message.Count)
                    {
                        message[at] = 0;
                        message[at + 1] = (byte)random.Next(12);
                    }
                    break;
                default: // keep the IKE header's Length consistent with a changed size, so payload parsing is reached
                    if (message.Count >= IkeHeader.Size)
                    {
                        uint length = (uint)message.Count;
                        message[24] = (byte)(length >> 24);
                        message[25] = (byte)(length >> 16);
                        message[26] = (byte)(length >> 8);
                        message[27] = (byte)length;
                    }
                    break;
            }
        }
        return message.ToArray();
    }
}

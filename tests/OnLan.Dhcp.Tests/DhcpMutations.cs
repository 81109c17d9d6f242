using OnLan.Dhcp;

namespace OnLan.Dhcp.Tests;

/// <summary>The mutation tests' one way of spoiling a DHCP message: noise, flipped bytes, cuts, bad options, junk after.</summary>
internal static class DhcpMutations
{
    public static byte[] Mutate(Random random, byte[] seed, int round)
    {
        switch (round % 5)
        {
            case 0: // pure noise of any length
                var noise = new byte[random.Next(0, 600)];
                random.NextBytes(noise);
                return noise;
            case 1: // a few bytes flipped anywhere
            {
                byte[] copy = (byte[])seed.Clone();
                for (int i = random.Next(1, 4); i > 0; i--)
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case 2: // cut anywhere
                return seed[..random.Next(seed.Length + 1)];
            case 3: // a byte in the options flipped (headers stay valid, option lengths and values go wrong)
            {
                byte[] copy = (byte[])seed.Clone();
                // Short seeds (raw option sets) have no header: then anywhere.
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

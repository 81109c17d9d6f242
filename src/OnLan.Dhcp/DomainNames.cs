using System.Text;

namespace OnLan.Dhcp;

/// <summary>
/// Domain names as DHCP carries them: as text in option 15, as RFC 1035 §3.1 labels with §4.1.4 compression in
/// option 119 (RFC 3397).
/// </summary>
internal static class DomainNames
{
    public const int MaximumTextLength = 253;
    public const int MaximumLabelLength = 63;
    private const int MaximumEncodedLength = 255;
    private const byte PointerTag = 0xC0;
    private const int MaximumPointerOffset = 0x3FFF;

    /// <summary>
    /// Letters, digits, '-' and '_' in labels of 1 to 63, at most 253 characters, no leading, trailing or doubled
    /// dots. Stricter than DNS allows, on purpose: every accepted name survives text → wire → text unchanged.
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaximumTextLength)
            return false;
        int labelLength = 0;
        foreach (char c in name)
        {
            if (c == '.')
            {
                if (labelLength == 0) return false;
                labelLength = 0;
                continue;
            }
            if (!IsLabelCharacter(c) || ++labelLength > MaximumLabelLength) return false;
        }
        return labelLength > 0;
    }

    private static bool IsLabelCharacter(int c) => char.IsAsciiLetterOrDigit((char)c) || c is '-' or '_';

    /// <summary>The search list as one option-119 value, suffixes compressed; names were checked by <see cref="IsValid"/>.</summary>
    public static byte[] EncodeSearchList(IReadOnlyList<string> names)
    {
        var output = new List<byte>();
        // Every suffix written so far and where it starts, for RFC 1035 §4.1.4 pointers; DNS names compare without case.
        var written = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            string[] labels = name.Split('.');
            int k = 0;
            for (; k < labels.Length; k++)
            {
                string suffix = string.Join('.', labels, k, labels.Length - k);
                if (written.TryGetValue(suffix, out int offset))
                {
                    output.Add((byte)(PointerTag | (offset >> 8)));
                    output.Add((byte)offset);
                    break;
                }
                if (output.Count <= MaximumPointerOffset)
                    written[suffix] = output.Count;
                output.Add((byte)labels[k].Length);
                foreach (char c in labels[k]) output.Add((byte)c);
            }
            if (k == labels.Length)
                output.Add(0);
        }
        return output.ToArray();
    }

    /// <summary>
    /// Reads a whole option-119 value (the instances already joined, RFC 3396). Pointers must point backwards, so
    /// a hostile value cannot loop; labels must pass <see cref="IsValid"/>.
    /// </summary>
    public static bool TryDecodeSearchList(ReadOnlySpan<byte> value, List<string> names, out string error)
    {
        int position = 0;
        var text = new StringBuilder();
        while (position < value.Length)
        {
            if (!TryReadName(value, ref position, text, out error))
                return false;
            names.Add(text.ToString());
        }
        error = "";
        return true;
    }

    private static bool TryReadName(ReadOnlySpan<byte> value, ref int position, StringBuilder text, out string error)
    {
        text.Clear();
        int at = position;
        bool jumped = false;
        int encodedLength = 0;
        while (true)
        {
            if (at >= value.Length)
            {
                error = "option 119: a name runs past the end of the option";
                return false;
            }
            byte length = value[at];
            if ((length & PointerTag) == PointerTag)
            {
                if (at + 1 >= value.Length)
                {
                    error = "option 119: a compression pointer is cut short";
                    return false;
                }
                int target = ((length & ~PointerTag) << 8) | value[at + 1];
                if (target >= at)
                {
                    error = "option 119: a compression pointer does not point backwards";
                    return false;
                }
                if (!jumped) position = at + 2;
                jumped = true;
                at = target;
                continue;
            }
            if ((length & PointerTag) != 0)
            {
                error = $"option 119: label type 0x{length:x2} is not a length or a pointer";
                return false;
            }
            if (length == 0)
            {
                if (!jumped) position = at + 1;
                if (text.Length == 0)
                {
                    error = "option 119: an empty name (the root) is not a search domain";
                    return false;
                }
                error = "";
                return true;
            }
            encodedLength += 1 + length;
            if (at + 1 + length > value.Length || encodedLength > MaximumEncodedLength - 1)
            {
                error = "option 119: a name is longer than 255 octets or runs past the end";
                return false;
            }
            if (text.Length > 0) text.Append('.');
            foreach (byte b in value.Slice(at + 1, length))
            {
                if (!IsLabelCharacter(b))
                {
                    error = $"option 119: octet 0x{b:x2} in a label (letters, digits, '-', '_' only)";
                    return false;
                }
                text.Append((char)b);
            }
            at += 1 + length;
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using OnLan.Wire;

namespace OnLan.Addressing;

// The text form: ASCII, one entry per line, '\n' after every line including the last.
//
//   onlan-leases 1 <sequence>
//   lease <address> <since> <expires> <identity>
//   hold <address> <until> <identity>
//   binding <address> <released-at> <identity>
//   sha256 <64 lowercase hex digits: SHA-256 of every byte before this line>
//
// Times are UTC, "yyyy-MM-ddTHH:mm:ss.fffffffZ". Identities are UTF-8 with every byte outside '!'..'~' and '%'
// itself written as %XX, so an identity (an IKE ID may hold spaces or anything) never splits a line or a field.
// The checksum line is the commit mark: a file cut anywhere, or changed anywhere, is refused as a whole. A partly
// good file is never used, because a lease silently missing is how an address gets handed out twice.
public sealed partial record LeaseFile
{
    /// <summary>Bumped when the text form changes incompatibly; a reader refuses versions it does not know.</summary>
    public const int FormatVersion = 1;

    private const string Magic = "onlan-leases";
    private const string ChecksumKeyword = "sha256";
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";
    private const int Sha256HexLength = 64;

    /// <summary>The file's bytes, checksum line included.</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder();
        text.Append(Magic).Append(' ').Append(FormatVersion).Append(' ').Append(Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var lease in Leases)
            text.Append("lease ").Append(lease.Address).Append(' ').Append(FormatTime(lease.Since)).Append(' ')
                .Append(FormatTime(lease.Expires)).Append(' ').Append(EscapeIdentity(lease.Identity)).Append('\n');
        foreach (var hold in Holds)
            text.Append("hold ").Append(hold.Address).Append(' ').Append(FormatTime(hold.Until)).Append(' ')
                .Append(EscapeIdentity(hold.Identity)).Append('\n');
        foreach (var binding in Bindings)
            text.Append("binding ").Append(binding.Address).Append(' ').Append(FormatTime(binding.ReleasedAt)).Append(' ')
                .Append(EscapeIdentity(binding.Identity)).Append('\n');
        byte[] body = Encoding.ASCII.GetBytes(text.ToString());
        byte[] trailer = Encoding.ASCII.GetBytes($"{ChecksumKeyword} {Convert.ToHexStringLower(SHA256.HashData(body))}\n");
        return [.. body, .. trailer];
    }

    /// <summary>
    /// Reads a whole file. Never throws on bad input: returns false with a one-line reason that names the line.
    /// Besides the syntax it checks what the pool relies on: no address leased or held twice, no address or
    /// identity in two bindings.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out LeaseFile? file, out string error)
    {
        file = null;
        if (bytes.IsEmpty) { error = "the file is empty"; return false; }
        if (bytes[^1] != (byte)'\n') { error = "the file does not end with a line break (cut short)"; return false; }

        // The checksum line is the last one; everything before it is what the checksum covers.
        int bodyEnd = bytes[..^1].LastIndexOf((byte)'\n') + 1;
        var trailer = bytes[bodyEnd..^1];
        var body = bytes[..bodyEnd];
        if (!trailer.StartsWith("sha256 "u8) || trailer.Length != ChecksumKeyword.Length + 1 + Sha256HexLength)
        {
            error = "the checksum line is missing (the file was cut short or is not a lease file)";
            return false;
        }
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, actual);
        Span<byte> expectedHex = stackalloc byte[Sha256HexLength];
        Convert.TryToHexStringLower(actual, expectedHex, out _);
        if (!trailer[(ChecksumKeyword.Length + 1)..].SequenceEqual(expectedHex))
        {
            error = "the checksum does not match (the file is torn or corrupt)";
            return false;
        }

        // The checksum matched, so what follows finds a file this code (or a future version) wrote on purpose.
        foreach (byte b in body)
        {
            if (b != (byte)'\n' && (b < 0x20 || b > 0x7E)) { error = "the file holds a byte that is not printable ASCII"; return false; }
        }
        var lines = Encoding.ASCII.GetString(body).Split('\n');
        // Split leaves one empty string after the final '\n' of the body.
        if (lines.Length < 2) { error = "the header line is missing"; return false; }
        if (!TryParseHeader(lines[0], out long sequence, out error)) return false;

        var leases = new List<Lease>();
        var holds = new List<Hold>();
        var bindings = new List<Binding>();
        var leasedOrHeld = new HashSet<Ipv4Address>();
        var boundAddresses = new HashSet<Ipv4Address>();
        var boundIdentities = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length - 1; i++)
        {
            string where = $"line {i + 1}";
            var fields = lines[i].Split(' ');
            switch (fields[0])
            {
                case "lease" when fields.Length == 5:
                    if (!TryParseAddress(fields[1], where, out var address, out error)
                        || !TryParseTime(fields[2], where, out var since, out error)
                        || !TryParseTime(fields[3], where, out var expires, out error)
                        || !TryUnescapeIdentity(fields[4], where, out var identity, out error))
                        return false;
                    if (!leasedOrHeld.Add(address)) { error = $"{where}: {address} is leased or held twice"; return false; }
                    leases.Add(new Lease(address, identity, since, expires));
                    break;
                case "hold" when fields.Length == 4:
                    if (!TryParseAddress(fields[1], where, out address, out error)
                        || !TryParseTime(fields[2], where, out var until, out error)
                        || !TryUnescapeIdentity(fields[3], where, out identity, out error))
                        return false;
                    if (!leasedOrHeld.Add(address)) { error = $"{where}: {address} is leased or held twice"; return false; }
                    holds.Add(new Hold(address, identity, until));
                    break;
                case "binding" when fields.Length == 4:
                    if (!TryParseAddress(fields[1], where, out address, out error)
                        || !TryParseTime(fields[2], where, out var releasedAt, out error)
                        || !TryUnescapeIdentity(fields[3], where, out identity, out error))
                        return false;
                    if (!boundAddresses.Add(address)) { error = $"{where}: {address} is bound twice"; return false; }
                    if (!boundIdentities.Add(identity)) { error = $"{where}: identity '{identity}' is bound twice"; return false; }
                    bindings.Add(new Binding(address, identity, releasedAt));
                    break;
                default:
                    error = $"{where}: not a lease, hold or binding entry with the right number of fields";
                    return false;
            }
        }
        file = new LeaseFile(sequence, leases, holds, bindings);
        error = "";
        return true;
    }

    private static bool TryParseHeader(string line, out long sequence, out string error)
    {
        sequence = 0;
        var fields = line.Split(' ');
        if (fields.Length != 3 || fields[0] != Magic) { error = "line 1: not an OnLan lease file header"; return false; }
        if (fields[1] != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            error = $"line 1: format version '{fields[1]}' is not {FormatVersion}";
            return false;
        }
        if (!IsDigits(fields[2]) || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            error = "line 1: the sequence number is not a number";
            return false;
        }
        error = "";
        return true;
    }

    private static bool TryParseAddress(string field, string where, out Ipv4Address address, out string error)
    {
        error = Ipv4Address.TryParse(field, out address) ? "" : $"{where}: '{field}' is not an IPv4 address";
        return error.Length == 0;
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static bool TryParseTime(string field, string where, out DateTimeOffset time, out string error)
    {
        bool ok = DateTimeOffset.TryParseExact(field, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        error = ok ? "" : $"{where}: '{field}' is not a time";
        return ok;
    }

    private static string EscapeIdentity(string identity)
    {
        var text = new StringBuilder(identity.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(identity))
        {
            if (b > (byte)' ' && b <= (byte)'~' && b != (byte)'%') text.Append((char)b);
            else text.Append('%').Append(Convert.ToHexString([b]));
        }
        return text.ToString();
    }

    private static bool TryUnescapeIdentity(string field, string where, out string identity, out string error)
    {
        identity = "";
        error = $"{where}: the identity is not well escaped";
        if (field.Length == 0) return false;
        var bytes = new List<byte>(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] != '%') { bytes.Add((byte)field[i]); continue; }
            if (i + 2 >= field.Length) return false;
            if (!byte.TryParse(field.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                return false;
            bytes.Add(b);
            i += 2;
        }
        var raw = bytes.ToArray();
        if (!Utf8.IsValid(raw)) return false;
        identity = Encoding.UTF8.GetString(raw);
        error = "";
        return true;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
            if (c < '0' || c > '9') return false;
        return text.Length > 0;
    }
}

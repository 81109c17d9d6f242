using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OnLan.Cli.Storage;

/// <summary>
/// The configuration file as the console saves it: the <c>set</c> statements between a header and a checksum.
/// <code>
/// # onlan configuration; sequence 42; saved 2025-05-01T12:00:00Z
/// # Saved by the console at each commit. To edit by hand, remove these two lines and the checksum line.
/// set interfaces wan port eth0
/// …
/// # sha256 3f0c…(64 hex digits, over every byte above this line)
/// </code>
/// The checksum tells a complete file from one a medium tore (rename(2) already rules out a half-written file after a
/// crash). A file without the header is one written by hand and is taken as it is; a file with the header must end
/// with the right checksum.
/// </summary>
public static class ConfigurationFile
{
    private const string HeaderPrefix = "# onlan configuration; sequence ";
    private const string SavedField = "; saved ";
    private const string Notice = "# Saved by the console at each commit. To edit by hand, remove these two lines and the checksum line.";
    private const string ChecksumPrefix = "# sha256 ";

    public static byte[] Format(string statements, long sequence, DateTimeOffset savedAt)
    {
        var text = new StringBuilder();
        text.Append(HeaderPrefix).Append(sequence.ToString(CultureInfo.InvariantCulture))
            .Append(SavedField).Append(savedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        text.Append(Notice).Append('\n');
        text.Append(statements);
        if (statements.Length > 0 && !statements.EndsWith('\n')) text.Append('\n');
        byte[] body = Encoding.UTF8.GetBytes(text.ToString());
        byte[] checksum = Encoding.ASCII.GetBytes($"{ChecksumPrefix}{Convert.ToHexStringLower(SHA256.HashData(body))}\n");
        return [.. body, .. checksum];
    }

    /// <summary>
    /// Reads a saved or hand-written file. A hand-written one (no header) has sequence 0 and no time. Returns false,
    /// with why, for a saved file that is incomplete or altered.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out string statements, out long sequence, out DateTimeOffset? savedAt, out string error)
    {
        statements = "";
        sequence = 0;
        savedAt = null;
        error = "";
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            error = "not UTF-8 text";
            return false;
        }
        if (!text.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            statements = text;
            return true;
        }

        int headerEnd = text.IndexOf('\n');
        if (headerEnd < 0 || !TryParseHeader(text.AsSpan(HeaderPrefix.Length, headerEnd - HeaderPrefix.Length), out sequence, out var saved))
        {
            error = "the header line is damaged";
            return false;
        }
        savedAt = saved;
        if (!text.EndsWith('\n'))
        {
            error = "the file is cut short (no checksum line)";
            return false;
        }
        int checksumStart = text.LastIndexOf('\n', text.Length - 2) + 1;
        var checksumLine = text.AsSpan(checksumStart, text.Length - 1 - checksumStart);
        if (!checksumLine.StartsWith(ChecksumPrefix, StringComparison.Ordinal))
        {
            error = "the file is cut short (no checksum line)";
            return false;
        }
        byte[] body = Encoding.UTF8.GetBytes(text[..checksumStart]);
        string expected = Convert.ToHexStringLower(SHA256.HashData(body));
        if (!checksumLine[ChecksumPrefix.Length..].SequenceEqual(expected))
        {
            error = "the checksum does not match: the file is damaged or was edited with its header kept";
            return false;
        }
        int bodyStart = headerEnd + 1;
        if (text.AsSpan(bodyStart).StartsWith(Notice + "\n", StringComparison.Ordinal)) bodyStart += Notice.Length + 1;
        statements = text[bodyStart..checksumStart];
        return true;
    }

    private static bool TryParseHeader(ReadOnlySpan<char> fields, out long sequence, out DateTimeOffset savedAt)
    {
        savedAt = default;
        sequence = 0;
        int saved = fields.IndexOf(SavedField, StringComparison.Ordinal);
        return saved > 0 &&
               long.TryParse(fields[..saved], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) &&
               DateTimeOffset.TryParseExact(fields[(saved + SavedField.Length)..], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                   DateTimeStyles.AssumeUniversal, out savedAt);
    }
}

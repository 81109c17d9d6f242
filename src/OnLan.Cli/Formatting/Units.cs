using System.Globalization;

namespace OnLan.Cli.Formatting;

/// <summary>Byte counts, durations and times as the console shows them.</summary>
public static class Units
{
    public static string Bytes(long bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>"3d04h12m", "2h03m09s", "5m12s", "42s".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalDays >= 1) return FormattableString.Invariant($"{(int)span.TotalDays}d{span.Hours:00}h{span.Minutes:00}m");
        if (span.TotalHours >= 1) return FormattableString.Invariant($"{span.Hours}h{span.Minutes:00}m{span.Seconds:00}s");
        if (span.TotalMinutes >= 1) return FormattableString.Invariant($"{span.Minutes}m{span.Seconds:00}s");
        return FormattableString.Invariant($"{span.Seconds}s");
    }

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}

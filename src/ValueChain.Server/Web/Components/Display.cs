using System.Globalization;
using System.Text.RegularExpressions;

namespace ValueChain.Server.Web.Components;

/// <summary>How values read on pages: names of enum values, times, durations.</summary>
internal static partial class Display
{
    public static string Kebab<T>(T value) where T : struct, Enum => Boundary().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    public static string Words<T>(T value) where T : struct, Enum
    {
        var words = Boundary().Replace(value.ToString(), "$1 $2").ToLowerInvariant();
        return words;
    }

    public static string Title(string key) =>
        key.Length == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..].Replace('-', ' ');

    /// <summary>A time as people read it in a list: the date, and the time of day.</summary>
    public static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A duration in the largest units that keep it readable: "3 d 4 h", "2 h 5 min", "40 s".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Duration(span.Negate());
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min"
            : $"{(int)span.TotalSeconds} s";
    }

    /// <summary>How long ago, relative to <paramref name="now"/>: "5 min ago", "3 d ago".</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now) => now - at < TimeSpan.FromMinutes(1) ? "just now" : Duration(now - at) + " ago";

    public static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex Boundary();
}

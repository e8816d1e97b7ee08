using System.Globalization;

namespace ValueChain.Cli.Infrastructure;

/// <summary>How times and durations read in a terminal: UTC, to the minute, the same on every machine.</summary>
internal static class Format
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "";

    /// <summary>The two largest units that matter: <c>3d 4h</c>, <c>2h 15m</c>, <c>40m</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes}m"
            : $"{span.Minutes}m";
    }

    /// <summary>An enum value as the API and the YAML spell it: <c>ValueRealized</c> → <c>value-realized</c>.</summary>
    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParseKebab<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Kebab(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string KebabList<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Kebab));
}

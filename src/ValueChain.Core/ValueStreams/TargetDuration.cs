using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace ValueChain.ValueStreams;

/// <summary>Reads step target durations written as <c>30m</c>, <c>4h</c>, <c>1d4h</c>, <c>2w</c> or ISO 8601 (<c>PT4H</c>).</summary>
public static partial class TargetDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P'))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(trimmed);
                return duration > TimeSpan.Zero;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        var match = ShortForm().Match(trimmed);
        if (!match.Success || trimmed.Length == 0)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var amount = int.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
            duration += part.Value[^1] switch
            {
                'w' => TimeSpan.FromDays(7 * amount),
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromMinutes(amount),
            };
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>The short form of a duration, largest unit first: 1d4h, 90m.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0m";
        }

        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Days}d"));
        }

        if (duration.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Hours}h"));
        }

        if (duration.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m"));
        }

        return parts.Count == 0 ? "1m" : string.Concat(parts);
    }

    [GeneratedRegex(@"^(?<part>\d{1,5}[wdhm])+$")]
    private static partial Regex ShortForm();
}

using System.Text.RegularExpressions;

namespace ValueChain.Common;

/// <summary>
/// The words records are named and classified by: keys (<c>email</c>, <c>service-desk</c>) and enum values
/// as they travel in the API and the command line (<c>catalogue</c>, <c>supplier</c>).
/// </summary>
public static partial class Words
{
    /// <summary>How long a key may be; keys are stored in columns of this size.</summary>
    public const int KeyMaxLength = 100;

    /// <summary>Lowercase words joined by hyphens: <c>service-desk</c>, <c>erp</c>, <c>vpn-2</c>.</summary>
    public static bool IsKebabKey(string? key) => key is { Length: > 0 and <= KeyMaxLength } && KebabKey().IsMatch(key);

    /// <summary>
    /// Parses an enum value by its name, ignoring case; numbers are refused so that <c>"1"</c> never means
    /// whichever member happens to be second.
    /// </summary>
    public static bool TryParse<T>(string? word, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), word?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The word for an enum value, lowercase.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Every value of an enum as words, for error messages: "pipeline, catalogue, retired".</summary>
    public static string List<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Of));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabKey();
}

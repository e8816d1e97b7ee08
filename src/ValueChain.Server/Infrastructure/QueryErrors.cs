using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Server.Infrastructure;

/// <summary>
/// Collects what is wrong with a request's query or body fields as it parses them, so that one answer lists every
/// problem rather than the first; then answers 422 with them (see <see cref="Problems.Invalid"/>).
/// </summary>
internal sealed class QueryErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>An ISO 8601 time with an offset (<c>2026-11-02T08:00:00Z</c>) or a date (<c>2026-11-02</c>, midnight UTC).</summary>
    public DateTimeOffset? Time(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        Add(field, $"'{text}' is not a date (2026-11-02) or a time with an offset (2026-11-02T08:00:00Z).");
        return null;
    }

    /// <summary>A kebab-case or PascalCase name of <typeparamref name="TEnum"/>; the message lists the names.</summary>
    public TEnum? Enum<TEnum>(string field, string? text)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (System.Enum.TryParse<TEnum>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value)
            && System.Enum.IsDefined(value) && !text.Any(char.IsDigit))
        {
            return value;
        }

        Add(field, $"Unknown value '{text}'; use one of: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(Kebab))}.");
        return null;
    }

    /// <summary>A value chain activity by its key (<c>deliver-support</c>).</summary>
    public ValueChainActivity? Activity(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (ValueChainActivities.TryParse(text, out var activity))
        {
            return activity;
        }

        Add(field, $"Unknown activity '{text}'; use one of: {ValueChainActivities.KeyList}.");
        return null;
    }

    public ProblemHttpResult ToProblem(string code = "invalid-request") =>
        Problems.Invalid(
            code,
            _errors.Count == 1 && _errors.Values.First().Count == 1 ? _errors.Values.First()[0] : "Some fields of the request are not valid; see errors.",
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    internal static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

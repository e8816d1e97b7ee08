namespace ValueChain.Common;

/// <summary>The rules every named record shares: a required, trimmed name and an optional description.</summary>
internal static class Text
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    /// <summary>The trimmed text, or null when there is none.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Name(FieldErrors errors, string? name, string what)
    {
        var cleaned = Clean(name);
        if (cleaned is null)
        {
            errors.Add("name", $"Give the {what} a name.");
        }
        else if (cleaned.Length > NameMaxLength)
        {
            errors.Add("name", $"The name is {cleaned.Length} characters long; at most {NameMaxLength} fit.");
        }

        return cleaned ?? string.Empty;
    }

    public static string? Optional(FieldErrors errors, string? value, string field, int maxLength)
    {
        var cleaned = Clean(value);
        if (cleaned?.Length > maxLength)
        {
            errors.Add(field, $"The {field} is {cleaned.Length} characters long; at most {maxLength} fit.");
        }

        return cleaned;
    }

    public static void KebabKey(FieldErrors errors, string? key, string example)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            errors.Add("key", $"Give a key: lowercase letters, digits and hyphens, e.g. '{example}'.");
        }
        else if (!Words.IsKebabKey(key))
        {
            errors.Add("key", $"'{key}' is not a key: use lowercase letters, digits and single hyphens, e.g. '{example}', at most {Words.KeyMaxLength} characters.");
        }
    }

    /// <summary>"a, b and c" for messages that name what still refers to a record.</summary>
    public static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }
}

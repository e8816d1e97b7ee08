using System.ComponentModel;
using ValueChain.Common;

namespace ValueChain.Server.Infrastructure;

/// <summary>One page of a list: the items, how many match in all, and where the page starts.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit)
{
    [Description("True when counting stopped at `total` and more items match (shown as \"1,000+\"); false when `total` is exact.")]
    public bool TotalIsLowerBound { get; init; }

    [Description("In lists that take an `after` cursor: the value of `after` for the next page. Absent on the last page.")]
    public long? Next { get; init; }
}

internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Notes an offset or limit out of range among the other field errors of a list's query.</summary>
    public static FieldErrors CheckPaging(this FieldErrors errors, int offset, int limit)
    {
        if (offset < 0)
        {
            errors.Add("offset", "The offset counts from 0.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"The limit is between 1 and {MaxLimit}.");
        }

        return errors;
    }
}

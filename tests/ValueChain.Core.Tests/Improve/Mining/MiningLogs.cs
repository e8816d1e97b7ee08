using ValueChain.Improve.Mining;

namespace ValueChain.Core.Tests.Improve.Mining;

/// <summary>Small hand-made logs whose statistics are worked out by hand in the tests that use them.</summary>
internal static class MiningLogs
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static LogEvent At(string caseId, string activity, double hours, string? resource = null, params (string Key, string Value)[] attributes) =>
        new(caseId, activity, Start.AddHours(hours), resource,
            attributes.Select(a => new KeyValuePair<string, string>(a.Key, a.Value)).ToList());

    /// <summary>
    /// Four cases. A: a(0) b(1) c(3). B: a(0) b(2) b(2) c(6), the two b at the same time. C: a(0) b(1) c(2).
    /// D arrives out of order: c(5) then a(1), so its trace is a c.
    /// </summary>
    public static IReadOnlyList<LogEvent> Small() =>
    [
        At("A", "a", 0), At("B", "a", 0), At("A", "b", 1), At("B", "b", 2), At("B", "b", 2), At("A", "c", 3),
        At("C", "a", 0), At("C", "b", 1), At("C", "c", 2), At("B", "c", 6), At("D", "c", 5), At("D", "a", 1),
    ];
}

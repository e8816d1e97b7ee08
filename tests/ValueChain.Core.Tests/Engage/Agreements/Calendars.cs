using System.Globalization;
using ValueChain.Engage.Agreements;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>Calendars the agreement tests share, and a short way to write an instant with its offset.</summary>
internal static class Calendars
{
    /// <summary>
    /// A Berlin service desk: Monday to Friday 09:00–12:00 and 13:00–17:00 (7 hours a day, lunch 12–13), closed on
    /// Christmas Day, Boxing Day and New Year's Day every year and on Good Friday 2026 and a company day on
    /// 2026-06-15 only; Christmas Eve 2026 is a half day (09:00–12:00) and New Year's Eve 2026 is closed.
    /// </summary>
    public static BusinessCalendar BerlinOffice { get; } = new(
        "berlin-office",
        "Berlin service desk",
        "Europe/Berlin",
        BusinessCalendar.Weekdays(WorkingInterval.Parse("09:00-12:00"), WorkingInterval.Parse("13:00-17:00")),
        [
            new("Christmas Day", 12, 25),
            new("Boxing Day", 12, 26),
            new("New Year's Day", 1, 1),
            new("Good Friday", 4, 3, 2026),
            new("Company day", 6, 15, 2026),
        ],
        [
            new(new DateOnly(2026, 12, 24), [WorkingInterval.Parse("09:00-12:00")], "Christmas Eve"),
            new(new DateOnly(2026, 12, 31), [], "New Year's Eve"),
        ]);

    /// <summary>Every day 01:00–04:00 in Berlin: a window that the daylight saving changes (at 02:00/03:00) cut through.</summary>
    public static BusinessCalendar BerlinNight { get; } = EveryDay("berlin-night", "Europe/Berlin", "01:00-04:00");

    /// <summary>Every day 01:00–05:00 in New York, where clocks change at 02:00 local time.</summary>
    public static BusinessCalendar NewYorkNight { get; } = EveryDay("new-york-night", "America/New_York", "01:00-05:00");

    /// <summary>
    /// New York open round the clock except on Independence Day: the holiday keeps it off the always-open shortcut,
    /// so day-by-day arithmetic is checked against plain elapsed time.
    /// </summary>
    public static BusinessCalendar NewYorkRoundTheClock { get; } = new(
        "new-york-24x7", "New York round the clock", "America/New_York",
        [.. Enum.GetValues<DayOfWeek>().Select(day => new WorkingDay(day, [WorkingInterval.Parse("00:00-24:00")]))],
        [new("Independence Day", 7, 4)]);

    public static BusinessCalendar EveryDay(string key, string zone, params string[] hours) => new(
        key, key, zone,
        [.. Enum.GetValues<DayOfWeek>().Select(day => new WorkingDay(day, [.. hours.Select(WorkingInterval.Parse)]))]);

    /// <summary>An instant written with its offset, e.g. <c>2026-03-02T09:00+01:00</c>.</summary>
    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}

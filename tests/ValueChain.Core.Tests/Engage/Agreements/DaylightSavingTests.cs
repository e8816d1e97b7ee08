using ValueChain.Engage.Agreements;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>
/// Working hours are wall-clock times, so an interval across a daylight saving change is as long as the clocks make
/// it. Berlin: 2026-03-29 02:00 CET (+01:00) jumps to 03:00 CEST (+02:00); 2026-10-25 03:00 CEST falls back to 02:00
/// CET. New York: 2026-03-08 02:00 EST (−05:00) jumps to 03:00 EDT (−04:00); 2026-11-01 02:00 EDT falls back to 01:00 EST.
/// </summary>
public sealed class DaylightSavingTests
{
    [Theory]
    // An ordinary night 01:00–04:00 = 3h.
    [InlineData("berlin", "2026-03-28", 180)]
    // Spring forward: 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z → 2h; the skipped hour does not exist.
    [InlineData("berlin", "2026-03-29", 120)]
    // Fall back: 01:00 CEST = 23:00Z (previous day), 04:00 CET = 03:00Z → 4h; 02:00–03:00 happens twice.
    [InlineData("berlin", "2026-10-25", 240)]
    // New York 01:00–05:00, an ordinary night = 4h.
    [InlineData("new-york", "2026-03-07", 240)]
    // Spring forward: 01:00 EST = 06:00Z, 05:00 EDT = 09:00Z → 3h.
    [InlineData("new-york", "2026-03-08", 180)]
    // Fall back: 01:00 EDT (its first occurrence) = 05:00Z, 05:00 EST = 10:00Z → 5h.
    [InlineData("new-york", "2026-11-01", 300)]
    public void A_window_across_the_change_is_shorter_in_spring_and_longer_in_autumn(string zone, string date, int minutes)
    {
        var calendar = zone == "berlin" ? BerlinNight : NewYorkNight;
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var (start, _) = calendar.OpenPeriodsOn(day)[0];

        Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.Between(start, start.AddDays(1).AddHours(-1)));
        Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.OpenPeriodsOn(day).Sum(p => (p.End - p.Start).Ticks) * TimeSpan.FromTicks(1));
    }

    [Theory]
    // Berlin night window: Sat 03-28 03:00 + 90m: Sat 03–04 (60m), Sun 01:00 CET + 30m = 01:30 CET.
    [InlineData("berlin", "2026-03-28T03:00+01:00", 90, "2026-03-29T01:30+01:00")]
    // Sun 03-29 01:30 CET + 60m: 01:30 → 02:00 CET (30m), the clocks jump to 03:00 CEST, + 30m = 03:30 CEST.
    [InlineData("berlin", "2026-03-29T01:30+01:00", 60, "2026-03-29T03:30+02:00")]
    // Sun 03-29 01:00 CET + 150m: the night holds only 120m (01:00–02:00 CET, 03:00–04:00 CEST), so 30m more
    // on Mon 01:00 CEST = Mon 01:30 CEST.
    [InlineData("berlin", "2026-03-29T01:00+01:00", 150, "2026-03-30T01:30+02:00")]
    // Sun 10-25 01:00 CEST + 150m: 01:00 CEST → 03:00 CEST is 120m, then 02:00 CET (the repeated hour) + 30m
    // = 02:30 CET, i.e. 01:30Z.
    [InlineData("berlin", "2026-10-25T01:00+02:00", 150, "2026-10-25T02:30+01:00")]
    // Sun 10-25 01:00 CEST + 240m uses the whole 4h night: due exactly at its end, 04:00 CET.
    [InlineData("berlin", "2026-10-25T01:00+02:00", 240, "2026-10-25T04:00+01:00")]
    // New York: Sun 03-08 01:00 EST + 3h30m: the 3h night (01:00 EST–05:00 EDT), then Mon 01:00 EDT + 30m.
    [InlineData("new-york", "2026-03-08T01:00-05:00", 210, "2026-03-09T01:30-04:00")]
    // New York: Sun 11-01 01:00 EDT + 4h30m: 01:00 EDT → 01:00 EST is 1h, → 05:00 EST 4h more (5h night), so due
    // at 05:00Z + 4h30m = 09:30Z = 04:30 EST.
    [InlineData("new-york", "2026-11-01T01:00-04:00", 270, "2026-11-01T04:30-05:00")]
    public void Adding_business_time_across_a_change(string zone, string start, int minutes, string due)
    {
        var calendar = zone == "berlin" ? BerlinNight : NewYorkNight;
        Assert.Equal(At(due), calendar.Add(At(start), TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    // A whole local day round the clock is 23h in spring and 25h in autumn, by the day-by-day path too.
    [InlineData("2026-03-08T00:00-05:00", "2026-03-09T00:00-04:00", 23)]
    [InlineData("2026-11-01T00:00-04:00", "2026-11-02T00:00-05:00", 25)]
    [InlineData("2026-03-07T12:00-05:00", "2026-03-08T13:00-04:00", 24)]
    public void A_round_the_clock_day_lasts_as_long_as_the_clocks_make_it(string from, string to, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), NewYorkRoundTheClock.Between(At(from), At(to)));
        Assert.Equal(At(to), NewYorkRoundTheClock.Add(At(from), TimeSpan.FromHours(hours)));
    }

    [Theory]
    // An interval starting in the skipped hour opens when the clocks jump: 02:30–05:00 on 2026-03-29 runs
    // 03:00 CEST (01:00Z) → 05:00 CEST (03:00Z) = 2h.
    [InlineData("02:30-05:00", "2026-03-29", "2026-03-29T03:00+02:00", 120)]
    // An interval ending in the skipped hour closes when they jump: 00:00–02:30 runs 00:00 CET (23:00Z)
    // → 01:00Z = 2h.
    [InlineData("00:00-02:30", "2026-03-29", "2026-03-29T00:00+01:00", 120)]
    // An interval starting in the repeated hour starts at its first occurrence: 02:30–04:00 on 2026-10-25 runs
    // 02:30 CEST (00:30Z) → 04:00 CET (03:00Z) = 2h30m.
    [InlineData("02:30-04:00", "2026-10-25", "2026-10-25T02:30+02:00", 150)]
    public void Wall_clock_times_that_are_skipped_or_repeated(string hours, string date, string opens, int minutes)
    {
        var calendar = EveryDay("berlin-odd", "Europe/Berlin", hours);
        var (start, end) = Assert.Single(calendar.OpenPeriodsOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(At(opens), start);
        Assert.Equal(TimeSpan.FromMinutes(minutes), end - start);
    }

    [Fact]
    public void Open_at_the_instants_around_the_autumn_change()
    {
        // 00:30Z is 02:30 CEST (first 02:30) and 01:30Z is 02:30 CET (second 02:30): both inside 01:00–04:00.
        Assert.True(BerlinNight.IsOpenAt(At("2026-10-25T00:30Z")));
        Assert.True(BerlinNight.IsOpenAt(At("2026-10-25T01:30Z")));
        // 03:00Z is 04:00 CET: closed.
        Assert.False(BerlinNight.IsOpenAt(At("2026-10-25T03:00Z")));
    }
}

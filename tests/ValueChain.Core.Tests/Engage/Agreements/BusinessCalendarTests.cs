using ValueChain.Engage.Agreements;
using static ValueChain.Core.Tests.Engage.Agreements.Calendars;

namespace ValueChain.Core.Tests.Engage.Agreements;

/// <summary>
/// Business time on the Berlin service desk calendar (Mon–Fri 09–12 and 13–17, CET is +01:00 until 2026-03-29 and
/// after 2026-10-25, CEST +02:00 between). Each case states the arithmetic it expects.
/// </summary>
public sealed class BusinessCalendarTests
{
    [Theory]
    // Mon 2026-03-02 11:00 → 14:00: 11–12 (1h) + lunch + 13–14 (1h) = 2h.
    [InlineData("2026-03-02T11:00+01:00", "2026-03-02T14:00+01:00", 120)]
    // Inside lunch only: 12:10 → 12:50 = 0.
    [InlineData("2026-03-02T12:10+01:00", "2026-03-02T12:50+01:00", 0)]
    // A whole working day 09:00 → 17:00 = 3h + 4h = 7h.
    [InlineData("2026-03-02T09:00+01:00", "2026-03-02T17:00+01:00", 420)]
    // Fri 16:00 → Mon 10:00: Fri 16–17 (1h) + weekend 0 + Mon 09–10 (1h) = 2h.
    [InlineData("2026-03-06T16:00+01:00", "2026-03-09T10:00+01:00", 120)]
    // Wed 2026-12-23 16:00 → Mon 12-28 14:00: Wed 1h + Thu 24th half day 3h + Fri 25th holiday + weekend
    // + Mon 09–12 3h + 13–14 1h = 8h.
    [InlineData("2026-12-23T16:00+01:00", "2026-12-28T14:00+01:00", 480)]
    // Wed 2026-12-30 09:00 → Mon 2027-01-04 09:00: Wed 7h + Thu 31st closed (exception) + Fri 1st holiday
    // + weekend = 7h.
    [InlineData("2026-12-30T09:00+01:00", "2027-01-04T09:00+01:00", 420)]
    // Reversed or equal bounds have no business time between them.
    [InlineData("2026-03-02T14:00+01:00", "2026-03-02T11:00+01:00", 0)]
    [InlineData("2026-03-02T10:00+01:00", "2026-03-02T10:00+01:00", 0)]
    // Instants in other offsets are the same instants: 10:00Z = 11:00 Berlin → 13:00Z = 14:00 Berlin = 2h.
    [InlineData("2026-03-02T10:00Z", "2026-03-02T13:00Z", 120)]
    public void Business_time_between_two_instants(string from, string to, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), BerlinOffice.Between(At(from), At(to)));

    [Theory]
    // 11:00 + 90m: 11–12 gives 60m, lunch, 13:00 + 30m = 13:30.
    [InlineData("2026-03-02T11:00+01:00", 90, "2026-03-02T13:30+01:00")]
    // 11:00 + 60m ends exactly at the lunch break: due 12:00, not 13:00.
    [InlineData("2026-03-02T11:00+01:00", 60, "2026-03-02T12:00+01:00")]
    // 16:00 + 60m ends exactly at closing time: due 17:00 the same day, not 09:00 the next morning.
    [InlineData("2026-03-02T16:00+01:00", 60, "2026-03-02T17:00+01:00")]
    // 16:00 + 61m: 60m today, 1m tomorrow = Tue 09:01.
    [InlineData("2026-03-02T16:00+01:00", 61, "2026-03-03T09:01+01:00")]
    // Starting on a Saturday: nothing counts until Mon 09:00; + 30m = Mon 09:30.
    [InlineData("2026-03-07T10:00+01:00", 30, "2026-03-09T09:30+01:00")]
    // Starting during lunch: counts from 13:00; + 15m = 13:15.
    [InlineData("2026-03-02T12:30+01:00", 15, "2026-03-02T13:15+01:00")]
    // Wed 2026-12-23 16:00 + 8h: Wed 1h (7h left), Thu 24th 09–12 3h (4h left), Fri holiday, weekend,
    // Mon 28th 09–12 3h (1h left), 13:00 + 1h = Mon 14:00.
    [InlineData("2026-12-23T16:00+01:00", 480, "2026-12-28T14:00+01:00")]
    // Tue 2026-03-31 (CEST) 16:00 + 2 days of 7h: Tue 1h, Wed 7h, Thu 09–12 3h, 13:00 + 3h = Thu 16:00; Good Friday
    // is not reached.
    [InlineData("2026-03-31T16:00+02:00", 840, "2026-04-02T16:00+02:00")]
    // Thu 2026-04-02 16:00 + 2h: Thu 1h, Good Friday 2026 closed, weekend, Mon 09:00 + 1h = Mon 04-06 10:00.
    [InlineData("2026-04-02T16:00+02:00", 120, "2026-04-06T10:00+02:00")]
    // Zero business time is the start itself, even when closed.
    [InlineData("2026-03-07T10:00+01:00", 0, "2026-03-07T10:00+01:00")]
    public void Adding_business_time(string start, int minutes, string due) =>
        Assert.Equal(At(due), BerlinOffice.Add(At(start), TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData("2026-03-02T09:00:00+01:00", true)] // opening instant is open
    [InlineData("2026-03-02T08:59:59+01:00", false)]
    [InlineData("2026-03-02T11:59:59+01:00", true)]
    [InlineData("2026-03-02T12:00:00+01:00", false)] // lunch starts: closed at 12:00:00
    [InlineData("2026-03-02T13:00:00+01:00", true)]
    [InlineData("2026-03-02T17:00:00+01:00", false)] // closing instant is closed
    [InlineData("2026-03-07T10:00:00+01:00", false)] // Saturday
    [InlineData("2026-12-25T10:00:00+01:00", false)] // Christmas Day, every year
    [InlineData("2027-12-27T10:00:00+01:00", true)]  // Mon 2027-12-27 is an ordinary day
    [InlineData("2026-06-15T10:00:00+02:00", false)] // company day 2026 only
    [InlineData("2027-06-15T10:00:00+02:00", true)]  // ... so open on 2027-06-15
    [InlineData("2026-12-24T11:00:00+01:00", true)]  // Christmas Eve exception: mornings
    [InlineData("2026-12-24T14:00:00+01:00", false)] // ... but not afternoons
    [InlineData("2026-12-31T10:00:00+01:00", false)] // New Year's Eve exception: closed
    public void Open_at_an_instant(string instant, bool open) =>
        Assert.Equal(open, BerlinOffice.IsOpenAt(At(instant)));

    [Fact]
    public void An_exception_wins_over_a_holiday()
    {
        var calendar = BerlinOffice with
        {
            Key = "berlin-office-christmas-duty",
            Exceptions = [new(new DateOnly(2026, 12, 25), [WorkingInterval.Parse("10:00-12:00")], "Christmas duty")],
        };

        Assert.Equal([WorkingInterval.Parse("10:00-12:00")], calendar.HoursOn(new DateOnly(2026, 12, 25)));
        Assert.Empty(calendar.HoursOn(new DateOnly(2026, 12, 26)));
    }

    [Fact]
    public void Always_open_counts_calendar_time()
    {
        // 2026-03-28 22:00 +01:00 to 2026-03-29 22:00 +02:00 is 23 hours of real time, whatever the clocks say.
        var from = At("2026-03-28T22:00+01:00");
        var to = At("2026-03-29T22:00+02:00");

        Assert.Equal(TimeSpan.FromHours(23), BusinessCalendar.AlwaysOpen.Between(from, to));
        Assert.Equal(to, BusinessCalendar.AlwaysOpen.Add(from, TimeSpan.FromHours(23)));
        Assert.True(BusinessCalendar.AlwaysOpen.IsOpenAt(from));
    }

    [Fact]
    public void Business_time_between_is_the_inverse_of_adding_it()
    {
        var start = At("2026-12-21T10:17+01:00");
        for (var minutes = 0; minutes <= 7 * 60 * 8; minutes += 37)
        {
            var due = BerlinOffice.Add(start, TimeSpan.FromMinutes(minutes));
            Assert.Equal(TimeSpan.FromMinutes(minutes), BerlinOffice.Between(start, due));
        }
    }
}

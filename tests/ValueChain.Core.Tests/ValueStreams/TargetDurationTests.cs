using ValueChain.ValueStreams;

namespace ValueChain.Core.Tests.ValueStreams;

public sealed class TargetDurationTests
{
    [Theory]
    [InlineData("30m", 0, 0, 30)]
    [InlineData("4h", 0, 4, 0)]
    [InlineData("1d4h", 1, 4, 0)]
    [InlineData("1h30m", 0, 1, 30)]
    [InlineData("2w", 14, 0, 0)]
    [InlineData("1w2d", 9, 0, 0)]
    [InlineData("90m", 0, 1, 30)]
    [InlineData(" 4h ", 0, 4, 0)]
    [InlineData("PT4H", 0, 4, 0)]
    [InlineData("P1DT2H30M", 1, 2, 30)]
    [InlineData("PT90M", 0, 1, 30)]
    public void TryParse_accepts_short_and_iso_forms(string text, int days, int hours, int minutes)
    {
        Assert.True(TargetDuration.TryParse(text, out var duration));
        Assert.Equal(new TimeSpan(days, hours, minutes, 0), duration);
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("0d0h")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("4x")]
    [InlineData("4")]
    [InlineData("h")]
    [InlineData("4H")]
    [InlineData("1.5h")]
    [InlineData("-4h")]
    [InlineData("4h 30m")]
    [InlineData("-PT4H")]
    [InlineData("PT0S")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P4X")]
    public void TryParse_rejects_what_is_not_a_positive_duration(string text)
    {
        Assert.False(TargetDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData(0, 0, 30, "30m")]
    [InlineData(0, 4, 0, "4h")]
    [InlineData(1, 4, 0, "1d4h")]
    [InlineData(0, 1, 30, "1h30m")]
    [InlineData(14, 0, 0, "14d")]
    [InlineData(2, 0, 5, "2d5m")]
    public void Format_writes_the_short_form_largest_unit_first(int days, int hours, int minutes, string expected)
    {
        Assert.Equal(expected, TargetDuration.Format(new TimeSpan(days, hours, minutes, 0)));
    }

    [Fact]
    public void Format_of_zero_or_negative_is_0m()
    {
        Assert.Equal("0m", TargetDuration.Format(TimeSpan.Zero));
        Assert.Equal("0m", TargetDuration.Format(TimeSpan.FromHours(-2)));
    }

    [Fact]
    public void Format_of_less_than_a_minute_is_1m_so_a_positive_target_never_reads_as_zero()
    {
        Assert.Equal("1m", TargetDuration.Format(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("30m")]
    [InlineData("1d4h")]
    [InlineData("3d2h15m")]
    public void Format_reads_back_as_the_same_duration(string text)
    {
        Assert.True(TargetDuration.TryParse(text, out var duration));
        Assert.Equal(text, TargetDuration.Format(duration));
        Assert.True(TargetDuration.TryParse(TargetDuration.Format(duration), out var again));
        Assert.Equal(duration, again);
    }
}

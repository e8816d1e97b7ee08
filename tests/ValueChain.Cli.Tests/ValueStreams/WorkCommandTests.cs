using System.Globalization;
using System.Text.RegularExpressions;
using ValueChain.Cli.Tests.Infrastructure;

namespace ValueChain.Cli.Tests.ValueStreams;

/// <summary>One seeded demo organization, read by every test of the class and changed by none.</summary>
public sealed class SeededDemo : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Data => _folder.Data;

    public async Task InitializeAsync()
    {
        var seeded = await CommandLine.RunAsync("--data", Data, "demo", "seed");
        Assert.Equal(0, seeded.ExitCode);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

public sealed partial class WorkCommandTests(SeededDemo demo) : IClassFixture<SeededDemo>
{
    [GeneratedRegex(@"^\d+–\d+ of \d+")]
    private static partial Regex Footer();

    private Task<CliResult> RunAsync(params string[] args) => CommandLine.RunAsync(["--data", demo.Data, .. args]);

    /// <summary>The rows of a list, split into cells by the header's column positions.</summary>
    private static List<Dictionary<string, string>> Rows(CliResult result)
    {
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0];
        var columns = header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => (Name: name, Start: header.IndexOf(name, StringComparison.Ordinal)))
            .ToList();
        return lines.Skip(1)
            .Where(l => !Footer().IsMatch(l))
            .Select(line => columns.Select((c, i) =>
            {
                var end = i + 1 < columns.Count ? columns[i + 1].Start : line.Length;
                var text = c.Start < line.Length ? line[c.Start..Math.Min(end, line.Length)] : "";
                return (c.Name, Value: text.Trim());
            }).ToDictionary(c => c.Name, c => c.Value))
            .ToList();
    }

    [Fact]
    public async Task List_shows_the_newest_items_first_with_a_page_footer()
    {
        var result = await RunAsync("work", "list", "--limit", "10");

        Assert.Equal(0, result.ExitCode);
        var ids = Rows(result).Select(r => int.Parse(r["ID"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(10, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.EndsWith("1–10 of 48; next page: --offset 10", result.Output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_state_and_stream()
    {
        var realized = await RunAsync("work", "list", "--state", "value-realized", "--limit", "500");
        var incidents = await RunAsync("work", "list", "--stream", "restore-service", "--limit", "500");

        var realizedRows = Rows(realized);
        Assert.NotEmpty(realizedRows);
        Assert.All(realizedRows, r => Assert.Equal("value-realized", r["STATE"]));
        var incidentRows = Rows(incidents);
        Assert.NotEmpty(incidentRows);
        Assert.All(incidentRows, r => Assert.Equal("restore-service", r["STREAM"]));
    }

    [Fact]
    public async Task List_filters_by_activity_of_the_current_step()
    {
        var result = await RunAsync("work", "list", "--activity", "engage", "--limit", "500");

        var rows = Rows(result);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("engage", r["ACTIVITY"]));
    }

    [Fact]
    public async Task List_with_nothing_matching_says_so()
    {
        var result = await RunAsync("work", "list", "--stream", "no-such-stream");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No work items match.", result.Output.Trim());
    }

    [Theory]
    [InlineData("--state", "finished", "unknown state 'finished'")]
    [InlineData("--activity", "deliver", "unknown activity 'deliver'")]
    [InlineData("--limit", "0", "--limit must be between 1 and 500")]
    [InlineData("--offset", "-3", "--offset cannot be negative")]
    public async Task List_with_a_bad_filter_is_a_usage_error(string option, string value, string message)
    {
        var result = await RunAsync("work", "list", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Show_prints_the_item_its_visits_and_one_event_line_per_event()
    {
        var list = await RunAsync("work", "list", "--state", "value-realized", "--limit", "1");
        var row = Rows(list).Single();

        var result = await RunAsync("work", "show", row["ID"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.Equal($"#{row["ID"]} {row["TITLE"]}", lines[0]);
        Assert.Contains(lines, l => l.Trim() == "state:             value-realized");
        var revision = int.Parse(lines.Single(l => l.Trim().StartsWith("revision:", StringComparison.Ordinal)).Split(':')[1], CultureInfo.InvariantCulture);
        var eventsStart = Array.IndexOf(lines, "Events");
        var eventLines = lines.Skip(eventsStart + 2).Where(l => l.Length > 0).ToList();
        // Every change appends one event and counts one revision: the history shown is the whole history.
        Assert.Equal(revision, eventLines.Count);
        Assert.Contains("demand-opened", eventLines[0], StringComparison.Ordinal);
        Assert.Contains("value-confirmed", eventLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_of_an_unknown_item_exits_one()
    {
        var result = await RunAsync("work", "show", "99999");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: there is no work item 99999.", result.Error.Trim());
    }

    [Fact]
    public async Task Show_with_a_non_numeric_id_is_a_usage_error()
    {
        var result = await RunAsync("work", "show", "abc");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("abc", result.Error, StringComparison.Ordinal);
    }
}

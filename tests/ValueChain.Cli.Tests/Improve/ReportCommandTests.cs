using System.Text.RegularExpressions;
using System.Xml.Linq;
using ValueChain.Cli.Tests.Infrastructure;

namespace ValueChain.Cli.Tests.Improve;

public sealed partial class ReportCommandTests : IDisposable
{
    private const string AllTime = "2000-01-01";
    private const string End = "2100-01-01";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_report_agrees_with_the_work_list_and_writes_charts_and_a_valid_xes_log()
    {
        (await CommandLine.RunAsync("--data", _folder.Data, "demo", "seed")).ExitCode.ShouldBe(0);
        var charts = Path.Combine(_folder.Path, "charts");
        var xes = Path.Combine(_folder.Path, "demo.xes");

        var report = await CommandLine.RunAsync("--data", _folder.Data, "report", "--from", AllTime, "--to", End, "--charts", charts, "--xes", xes);

        report.ExitCode.ShouldBe(0, report.Error);
        // Over all time, what the report counts comes from the same items the work list shows by state.
        var delivered = await TotalAsync("delivered");
        var realized = await TotalAsync("value-realized");
        var active = await TotalAsync("active");
        Number(VelocityLine(), report.Output).ShouldBe(delivered + realized);
        Number(ValueLine(), report.Output).ShouldBe(realized);
        Number(LoadLine(), report.Output).ShouldBe(active);
        report.Output.ShouldContain("STEP");
        report.Output.ShouldContain("Completed per month:");
        foreach (var name in new[] { "throughput", "steps" })
        {
            XDocument.Load(Path.Combine(charts, name + ".svg")).Root!.Name.LocalName.ShouldBe("svg");
        }

        var (exitCode, lint) = await XesSchemaTests.XmlLintAsync(xes);
        exitCode.ShouldBe(0, lint);
    }

    [Fact]
    public async Task Filters_narrow_the_report_and_bad_options_are_usage_errors()
    {
        (await CommandLine.RunAsync("--data", _folder.Data, "demo", "seed")).ExitCode.ShouldBe(0);

        var incidents = await CommandLine.RunAsync("--data", _folder.Data, "report", "--from", AllTime, "--to", End, "--stream", "restore-service");
        var badGrouping = await CommandLine.RunAsync("--data", _folder.Data, "report", "--by", "colour");
        var badDay = await CommandLine.RunAsync("--data", _folder.Data, "report", "--from", "yesterday");
        var backwards = await CommandLine.RunAsync("--data", _folder.Data, "report", "--from", "2026-02-01", "--to", "2026-01-01");

        incidents.ExitCode.ShouldBe(0);
        incidents.Output.ShouldContain("value stream restore-service");
        incidents.Output.ShouldContain("diagnose-and-restore");
        incidents.Output.ShouldNotContain("approve-request");
        badGrouping.ExitCode.ShouldBe(2);
        badGrouping.Error.ShouldContain("unknown grouping 'colour'");
        badDay.ExitCode.ShouldBe(2);
        backwards.ExitCode.ShouldBe(2);
        backwards.Error.ShouldContain("the period must start before it ends");
    }

    [Fact]
    public async Task Service_level_compliance_adds_up_per_target_and_per_team()
    {
        (await CommandLine.RunAsync("--data", _folder.Data, "demo", "seed")).ExitCode.ShouldBe(0);

        var report = await CommandLine.RunAsync("--data", _folder.Data, "report", "--from", AllTime, "--to", End, "--service-levels");

        report.ExitCode.ShouldBe(0, report.Error);
        var overall = ComplianceLine().Match(report.Output);
        overall.Success.ShouldBeTrue(report.Output);
        var (met, breached) = (int.Parse(overall.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(overall.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        met.ShouldBeGreaterThan(0);
        breached.ShouldBeGreaterThan(0);
        // Every decided clock is in exactly one target row and one team row.
        foreach (var table in new[] { "TARGET", "TEAM" })
        {
            var rows = Rows(report.Output, table);
            rows.Count.ShouldBeGreaterThan(1, report.Output);
            rows.Sum(r => r.Met).ShouldBe(met);
            rows.Sum(r => r.Breached).ShouldBe(breached);
        }

        Rows(report.Output, "TARGET").Select(r => r.Key).ShouldContain("sla/first-response");
    }

    /// <summary>The rows of the table under <paramref name="header"/>: key, met and breached.</summary>
    private static List<(string Key, int Met, int Breached)> Rows(string output, string header) =>
        [.. output.Split('\n').SkipWhile(l => !l.StartsWith(header + " ", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(c => (c[0], int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture)))];

    private async Task<int> TotalAsync(string state)
    {
        var list = await CommandLine.RunAsync("--data", _folder.Data, "work", "list", "--state", state, "--limit", "1");
        if (list.Output.Contains("No work items match.", StringComparison.Ordinal))
        {
            return 0;
        }

        return int.Parse(TotalLine().Match(list.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Number(Regex line, string output)
    {
        var match = line.Match(output);
        match.Success.ShouldBeTrue(output);
        return int.Parse(match.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"of (\d+)")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"velocity\s+([\d,]+) completed")]
    private static partial Regex VelocityLine();

    [GeneratedRegex(@"value\s+([\d,]+) confirmed")]
    private static partial Regex ValueLine();

    [GeneratedRegex(@"compliance\s+[\d.]+ ?% of targets met \((\d+) met, (\d+) breached\)")]
    private static partial Regex ComplianceLine();

    [GeneratedRegex(@"load\s+([\d,]+) open")]
    private static partial Regex LoadLine();
}

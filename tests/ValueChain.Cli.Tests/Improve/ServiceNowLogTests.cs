using System.Globalization;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Tests.Improve;

/// <summary>ServiceNow incident audit snapshots (UCI "Incident management process enriched event log").</summary>
public sealed class ServiceNowLogTests(RealEventLogs logs) : IClassFixture<RealEventLogs>
{
    [Fact]
    public void Every_snapshot_imports_as_an_event_of_its_incident()
    {
        var log = logs.ServiceNow;

        log.Report.RowsRead.ShouldBe(141_712);
        log.Report.RowsRejected.ShouldBe(0);
        log.Events.Select(e => e.CaseId).Distinct().Count().ShouldBe(24_918);
        var first = log.Events[0];
        first.ShouldBe(first with { CaseId = "INC0000045", Activity = "New", Resource = "Updated by 21" });
        first.Timestamp.ShouldBe(new DateTimeOffset(2016, 2, 29, 1, 23, 0, TimeSpan.Zero));
        first.Attribute("priority").ShouldBe("3 - Moderate");
        first.Attribute("assignment_group").ShouldBe("Group 56");
        first.Attribute("category").ShouldBe("Category 55");
    }

    [Fact]
    public void Made_sla_is_true_on_132_497_rows_and_false_on_9_215()
    {
        var values = logs.ServiceNow.Events.GroupBy(e => e.Attribute("made_sla")).ToDictionary(g => g.Key ?? "", g => g.Count());

        values.ShouldBe(new Dictionary<string, int> { ["true"] = 132_497, ["false"] = 9_215 }, ignoreOrder: true);
    }

    [Fact]
    public void The_sla_is_met_by_63_4_percent_of_incidents_on_their_last_record()
    {
        var outcomes = new CaseOutcomes("made_sla");
        foreach (var logEvent in logs.ServiceNow.Events)
        {
            outcomes.Add(logEvent);
        }

        outcomes.CaseCount.ShouldBe(24_918);
        outcomes.Counts()["true"].ShouldBe(15_803);
        Math.Round(outcomes.Share("true") * 100, 1).ShouldBe(63.4);
    }

    [Fact]
    public void The_last_record_by_file_order_and_by_sys_mod_count_agree()
    {
        var lastInFile = new Dictionary<string, string?>();
        var highestCount = new Dictionary<string, (int Count, string? MadeSla)>();
        foreach (var logEvent in logs.ServiceNow.Events)
        {
            lastInFile[logEvent.CaseId] = logEvent.Attribute("made_sla");
            var count = int.Parse(logEvent.Attribute("sys_mod_count")!, CultureInfo.InvariantCulture);
            if (!highestCount.TryGetValue(logEvent.CaseId, out var seen) || count >= seen.Count)
            {
                highestCount[logEvent.CaseId] = (count, logEvent.Attribute("made_sla"));
            }
        }

        lastInFile.Values.Count(v => v == "true").ShouldBe(15_803);
        highestCount.Values.Count(v => v.MadeSla == "true").ShouldBe(15_803);
    }

    [Fact]
    public void Process_summary()
    {
        var statistics = EventLogMiner.Analyze(logs.ServiceNow.Events);

        statistics.CaseCount.ShouldBe(24_918);
        statistics.ActivityCount.ShouldBe(9);
        statistics.Variants.Count.ShouldBe(2_080);
        statistics.DirectlyFollowsPairCount.ShouldBe(50);
        statistics.EndActivities.ShouldBe([new ActivityCount("Closed", 24_918)]);
        Math.Round(statistics.TraceLength.Mean, 3).ShouldBe(5.687);
        Math.Round(statistics.CaseDuration.MedianDays, 3).ShouldBe(6.070);
    }
}

using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Cli.Infrastructure;
using ValueChain.Data.ValueStreams;
using ValueChain.ServiceValueSystem;
using ValueChain.ValueStreams.Runs;

namespace ValueChain.Cli.ValueStreams;

/// <summary><c>valuechain work ...</c>: look at work items and their histories.</summary>
internal static class WorkCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var work = new Command("work", "List work items and show one with its steps and events.");
        work.Subcommands.Add(List(runtime));
        work.Subcommands.Add(Show(runtime));
        return work;
    }

    private static Command List(CliRuntime runtime)
    {
        var state = new Option<string?>("--state") { Description = $"Only items in this state: {Format.KebabList<WorkItemState>()}." };
        var stream = new Option<string?>("--stream") { Description = "Only items on this value stream (its key)." };
        var activity = new Option<string?>("--activity") { Description = $"Only items whose current step belongs to this activity: {ValueChainActivities.KeyList}." };
        var step = new Option<string?>("--step") { Description = "Only items at this step (its key)." };
        var team = new Option<string?>("--team") { Description = "Only items at a step of this team." };
        var service = new Option<string?>("--service") { Description = "Only items for this service (its key)." };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = $"How many items to show, newest first (1–{WorkItemFilter.MaxLimit}).",
            DefaultValueFactory = _ => 50,
        };
        var offset = new Option<int>("--offset") { Description = "How many items to skip, for the next page." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > WorkItemFilter.MaxLimit)
            {
                result.AddError($"--limit must be between 1 and {WorkItemFilter.MaxLimit}.");
            }
        });
        offset.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--offset cannot be negative.");
            }
        });

        var command = new Command("list", "List work items, newest first, with where each one stands.")
        {
            state, stream, activity, step, team, service, limit, offset,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async cli =>
        {
            WorkItemState? stateFilter = null;
            if (parse.GetValue(state) is { } stateText)
            {
                if (!Format.TryParseKebab<WorkItemState>(stateText, out var parsed))
                {
                    return cli.UsageError($"unknown state '{stateText}'; use one of {Format.KebabList<WorkItemState>()}.");
                }

                stateFilter = parsed;
            }

            ValueChainActivity? activityFilter = null;
            if (parse.GetValue(activity) is { } activityText)
            {
                if (!ValueChainActivities.TryParse(activityText, out var parsed))
                {
                    return cli.UsageError($"unknown activity '{activityText}'; use one of {ValueChainActivities.KeyList}.");
                }

                activityFilter = parsed;
            }

            var filter = new WorkItemFilter(stateFilter, parse.GetValue(stream), activityFilter, parse.GetValue(step),
                parse.GetValue(team), parse.GetValue(service), Offset: parse.GetValue(offset), Limit: parse.GetValue(limit));
            await using var scope = await cli.OpenAsync(cancellationToken);
            var page = await scope.ServiceProvider.GetRequiredService<WorkItemQueries>().ListAsync(filter, cancellationToken);
            if (page.Items.Count == 0)
            {
                cli.Output.WriteLine(page.Total == 0 ? "No work items match." : $"No work items past {page.Offset} (there are {page.Total.ToString("N0", CultureInfo.InvariantCulture)}{(page.TotalIsLowerBound ? " or more" : "")}).");
                return ExitCodes.Success;
            }

            var table = new Table("ID", "STATE", "STREAM", "STEP", "ACTIVITY", "STATUS", "PRIORITY", "UPDATED", "TITLE");
            foreach (var item in page.Items)
            {
                table.Add(item.Id.ToString(CultureInfo.InvariantCulture), Format.Kebab(item.State), item.ValueStreamKey, item.CurrentStepKey,
                    item.CurrentActivity?.Key(), Status(item), Format.Kebab(item.Priority), Format.Time(item.UpdatedAt), item.Title);
            }

            table.WriteTo(cli.Output);
            cli.Output.WriteLine($"{page.Offset + 1}–{page.Offset + page.Items.Count} of {page.Total.ToString("N0", CultureInfo.InvariantCulture)}{(page.TotalIsLowerBound ? "+" : "")}"
                + (page.More ? $"; next page: --offset {page.Offset + page.Items.Count}" : ""));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string? Status(WorkItem item) => item.CurrentStepStatus switch
    {
        null => null,
        StepStatus.Waiting when item.CurrentWaitReason is { } reason => $"waiting ({Format.Kebab(reason)})",
        { } status => Format.Kebab(status),
    };

    private static Command Show(CliRuntime runtime)
    {
        var id = new Argument<long>("id") { Description = "The work item's number, as 'work list' shows it." };
        var command = new Command("show", "Show one work item: its demand, where it stands, its visits to steps, artifacts and events.") { id };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async cli =>
        {
            await using var scope = await cli.OpenAsync(cancellationToken);
            var queries = scope.ServiceProvider.GetRequiredService<WorkItemQueries>();
            var itemId = parse.GetValue(id);
            if (await queries.GetAsync(itemId, cancellationToken) is not { } item)
            {
                return cli.Fail($"there is no work item {itemId}.");
            }

            var artifacts = await queries.ArtifactsAsync(itemId, cancellationToken);
            var events = await queries.EventsAsync(itemId, 0, 1000, cancellationToken);
            Write(cli.Output, item, artifacts, events);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(TextWriter output, WorkItem item, IReadOnlyList<Artifact> artifacts, IReadOnlyList<WorkItemEvent> events)
    {
        output.WriteLine($"#{item.Id} {item.Title}");
        Field(output, "demand", $"{item.DemandType}, priority {Format.Kebab(item.Priority)}" + (item.Channel is null ? "" : $", via {item.Channel}"));
        Field(output, "service", item.ServiceKey);
        Field(output, "requester", item.Requester);
        Field(output, "value stream", $"{item.ValueStreamKey} v{item.ValueStreamVersion}");
        Field(output, "state", Format.Kebab(item.State));
        if (item.CurrentStepKey is not null)
        {
            Field(output, "current step", $"{item.CurrentStepKey} ({item.CurrentActivity?.Key()}, {Status(item)})"
                + (item.CurrentTeam is null ? "" : $", team {item.CurrentTeam}"));
        }

        Field(output, "opened", Format.Time(item.CreatedAt));
        Field(output, "delivered", Format.Time(item.DeliveredAt));
        Field(output, "closed", Format.Time(item.ClosedAt));
        Field(output, "outcome", item.Outcome);
        Field(output, "confirmed by", item.ConfirmedBy);
        Field(output, "rating", item.Rating?.ToString(CultureInfo.InvariantCulture));
        Field(output, "cancelled because", item.CancelReason);
        Field(output, "revision", item.Revision.ToString(CultureInfo.InvariantCulture));
        if (item.Description is { Length: > 0 } description)
        {
            output.WriteLine();
            output.WriteLine(description);
        }

        output.WriteLine();
        output.WriteLine("Steps");
        var visits = new Table("#", "STEP", "ACTIVITY", "TEAM", "ENTERED", "TIME", "WAITED", "OUTCOME");
        foreach (var visit in item.Visits.OrderBy(v => v.Ordinal))
        {
            visits.Add(visit.Ordinal.ToString(CultureInfo.InvariantCulture), visit.StepKey, visit.Activity.Key(), visit.Team,
                Format.Time(visit.EnteredAt), visit.LeftAt is { } left ? Format.Duration(left - visit.EnteredAt) : "",
                visit.Waited > TimeSpan.Zero ? Format.Duration(visit.Waited) : "",
                visit.Outcome is { } outcome ? Format.Kebab(outcome) : "current");
        }

        visits.WriteTo(output);
        if (artifacts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Artifacts");
            var table = new Table("KIND", "FROM STEP", "ACTIVITY", "CREATED", "TITLE");
            foreach (var artifact in artifacts)
            {
                table.Add(artifact.Kind, artifact.StepKey, artifact.ProducedBy.Key(), Format.Time(artifact.CreatedAt), artifact.Title);
            }

            table.WriteTo(output);
        }

        output.WriteLine();
        output.WriteLine("Events");
        var log = new Table("AT", "EVENT", "STEP", "BY", "DATA");
        foreach (var e in events)
        {
            log.Add(Format.Time(e.OccurredAt), e.Type, e.StepKey, e.Actor, e.Data);
        }

        log.WriteTo(output);
    }

    private static void Field(TextWriter output, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.WriteLine($"  {name + ":",-19}{value}");
        }
    }
}

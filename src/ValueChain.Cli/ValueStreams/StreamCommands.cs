using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Cli.Infrastructure;
using ValueChain.Data.Storage;
using ValueChain.Data.ValueStreams;
using ValueChain.ServiceValueSystem;

namespace ValueChain.Cli.ValueStreams;

/// <summary><c>valuechain streams ...</c>: check, publish and list value stream definitions.</summary>
internal static class StreamCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var streams = new Command("streams", "Check, import and list value stream definitions (YAML).");
        streams.Subcommands.Add(Validate(runtime));
        streams.Subcommands.Add(Import(runtime));
        streams.Subcommands.Add(List(runtime));
        streams.Subcommands.Add(Show(runtime));
        return streams;
    }

    private static Argument<string[]> PathsArgument() => new("paths")
    {
        Description = "Value stream files, or folders to search for *.yaml and *.yml files.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Command Validate(CliRuntime runtime)
    {
        var paths = PathsArgument();
        var command = new Command("validate", "Check value stream files without touching the database. "
            + "Each problem is printed as file:line:column: field: message. Exit code 1 when any file is invalid.")
        {
            paths,
        };
        command.SetAction((parse, _) => runtime.RunAsync(parse, cli => Task.FromResult(ValidateFiles(cli, parse.GetValue(paths)!))));
        return command;
    }

    private static int ValidateFiles(CliContext cli, string[] paths)
    {
        var (files, error) = StreamFiles.Load(paths);
        if (error is not null)
        {
            return cli.UsageError(error);
        }

        var findings = Report(cli, files);
        var invalid = files.Count(f => !f.Read.IsValid);
        cli.Output.WriteLine(
            $"{Plural(files.Count, "file")} checked: {files.Count - invalid} valid, {invalid} invalid, {Plural(findings, "problem")}.");
        return findings == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>Prints every finding, and a line per good file; returns how many findings there were.</summary>
    private static int Report(CliContext cli, IReadOnlyList<StreamFile> files)
    {
        var findings = 0;
        foreach (var file in files)
        {
            if (file.Read.IsValid)
            {
                var definition = file.Read.Definition!;
                cli.Output.WriteLine($"{file.DisplayPath}: ok: {definition.Key} ({Plural(definition.Steps.Count, "step")}, "
                    + $"activities: {string.Join(" → ", definition.Activities.Select(a => a.Key()))})");
                continue;
            }

            foreach (var finding in file.Findings)
            {
                cli.Output.WriteLine(finding);
                findings++;
            }
        }

        foreach (var finding in StreamFiles.CrossFileFindings(files))
        {
            cli.Output.WriteLine(finding);
            findings++;
        }

        return findings;
    }

    private static Command Import(CliRuntime runtime)
    {
        var paths = PathsArgument();
        var by = new Option<string>("--by")
        {
            Description = "Who publishes, recorded with each new version.",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var command = new Command("import", "Validate value stream files and publish each as the next version of its stream. "
            + "Unchanged files publish nothing. All or nothing: if one file is refused, none is published.")
        {
            paths,
            by,
        };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse,
            cli => ImportFilesAsync(cli, parse.GetValue(paths)!, parse.GetValue(by)!, cancellationToken)));
        return command;
    }

    private static async Task<int> ImportFilesAsync(CliContext cli, string[] paths, string by, CancellationToken cancellationToken)
    {
        var (files, error) = StreamFiles.Load(paths);
        if (error is not null)
        {
            return cli.UsageError(error);
        }

        if (files.Any(f => !f.Read.IsValid) || StreamFiles.CrossFileFindings(files).Any())
        {
            var findings = Report(cli, files);
            return cli.Fail($"{Plural(findings, "problem")} found; nothing was imported.");
        }

        await using var scope = await cli.OpenAsync(cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<ValueChainDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<ValueStreamCatalog>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lines = new List<string>();
        foreach (var file in files)
        {
            var published = await catalog.PublishAsync(file.Source, by, cancellationToken);
            if (!published.IsSuccess)
            {
                cli.Output.WriteLine($"{file.DisplayPath}: {published.Error!.Message}");
                return cli.Fail("nothing was imported.");
            }

            var revision = published.Value.Revision;
            lines.Add(published.Value.Created
                ? $"published {revision.Key} v{revision.Version} from {file.DisplayPath}"
                : $"unchanged {revision.Key} v{revision.Version} ({file.DisplayPath} matches the latest version)");
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var line in lines)
        {
            cli.Output.WriteLine(line);
        }

        return ExitCodes.Success;
    }

    private static Command List(CliRuntime runtime)
    {
        var command = new Command("list", "List the latest version of every published value stream.");
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async cli =>
        {
            await using var scope = await cli.OpenAsync(cancellationToken);
            var catalog = scope.ServiceProvider.GetRequiredService<ValueStreamCatalog>();
            var latest = await catalog.LatestOfEachAsync(cancellationToken);
            if (latest.Count == 0)
            {
                cli.Output.WriteLine("No value streams yet. Import some with 'valuechain streams import <folder>' or run 'valuechain demo seed'.");
                return ExitCodes.Success;
            }

            var table = new Table("KEY", "VERSION", "STEPS", "DEMAND", "PUBLISHED", "NAME");
            foreach (var stream in latest)
            {
                table.Add(stream.Key, $"v{stream.Version}", stream.Definition.Steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    string.Join(",", stream.DemandTypes), Format.Time(stream.PublishedAt), stream.Name);
            }

            table.WriteTo(cli.Output);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CliRuntime runtime)
    {
        var key = new Argument<string>("key") { Description = "The value stream's key, e.g. restore-service." };
        var version = new Option<int?>("--version", "-v") { Description = "A specific version; the latest when left out." };
        var command = new Command("show", "Print the YAML of a published value stream, as it was published.") { key, version };
        command.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async cli =>
        {
            await using var scope = await cli.OpenAsync(cancellationToken);
            var catalog = scope.ServiceProvider.GetRequiredService<ValueStreamCatalog>();
            var streamKey = parse.GetValue(key)!;
            var revision = parse.GetValue(version) is { } v
                ? await catalog.FindAsync(streamKey, v, cancellationToken)
                : await catalog.LatestAsync(streamKey, cancellationToken);
            if (revision is null)
            {
                return cli.Fail(parse.GetValue(version) is { } missing
                    ? $"value stream '{streamKey}' has no version {missing}."
                    : $"there is no value stream '{streamKey}'. 'valuechain streams list' shows the published ones.");
            }

            cli.Output.WriteLine($"# {revision.Key} v{revision.Version}, published {Format.Time(revision.PublishedAt)} by {revision.PublishedBy}");
            cli.Output.Write(revision.Source.EndsWith('\n') ? revision.Source : revision.Source + "\n");
            return ExitCodes.Success;
        }));
        return command;
    }

    internal static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

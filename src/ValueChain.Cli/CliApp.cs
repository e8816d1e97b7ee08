using System.CommandLine;
using ValueChain.Cli.Demo;
using ValueChain.Cli.Improve;
using ValueChain.Cli.Infrastructure;
using ValueChain.Cli.ValueStreams;
using ValueChain.Data.Storage;

namespace ValueChain.Cli;

/// <summary>
/// The <c>valuechain</c> command line. It calls the same catalogue, commands and queries as the server and holds no
/// rules of its own; output goes to the writers given, so tests run it in process.
/// </summary>
public static class CliApp
{
    /// <summary>Environment variable naming the data folder, as the server reads it.</summary>
    public const string DataDirectoryVariable = "ValueChain__DataDirectory";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var data = new Option<string>("--data")
        {
            Description = $"The data folder holding valuechain.db (default: ${DataDirectoryVariable}, else ./{StorageSettings.DefaultDataDirectory}).",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : StorageSettings.DefaultDataDirectory,
        };
        var runtime = new CliRuntime(output, error, data);
        var root = new RootCommand("ValueChain: the ITIL 4 service value system. Check and import value streams, seed the demo, look at work, report flow metrics, mine event logs and import them as work.")
        {
            data,
            StreamCommands.Create(runtime),
            DemoCommands.Create(runtime),
            WorkCommands.Create(runtime),
            MineCommand.Create(runtime),
            ReportCommand.Create(runtime),
            ImportCommand.Create(runtime),
        };

        // Without a command, say what there is rather than that something is missing.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync($"Run 'valuechain {string.Join(' ', CommandPath(parse))} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}

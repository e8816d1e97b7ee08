using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ValueChain.Cli.Infrastructure;

/// <summary>Runs a command's body with its context, and turns storage failures into a message and exit code 1.</summary>
internal sealed class CliRuntime(TextWriter output, TextWriter error, Option<string> dataOption)
{
    public async Task<int> RunAsync(ParseResult parse, Func<CliContext, Task<int>> body)
    {
        await using var cli = new CliContext(output, error, parse.GetValue(dataOption)!);
        try
        {
            return await body(cli);
        }
        catch (Exception ex) when (ex is SqliteException or DbUpdateException or IOException or UnauthorizedAccessException)
        {
            return cli.Fail($"{ex.GetBaseException().Message} (data folder: {cli.DataDirectory})");
        }
    }
}

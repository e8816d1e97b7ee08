using System.Text;

namespace ValueChain.Cli.Tests.Infrastructure;

/// <summary>What one run of the command line printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs <c>valuechain</c> in process, exactly as the executable would with these arguments.</summary>
internal static class CommandLine
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        await using var outputWriter = new StringWriter(output) { NewLine = "\n" };
        await using var errorWriter = new StringWriter(error) { NewLine = "\n" };
        var exitCode = await CliApp.RunAsync(args, outputWriter, errorWriter);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A folder of its own for one test, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "valuechain-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A data folder inside this one, for commands that open the database.</summary>
    public string Data => System.IO.Path.Combine(Path, "data");

    public string Write(string relativePath, string text)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is no reason to fail a test.
        }
    }
}

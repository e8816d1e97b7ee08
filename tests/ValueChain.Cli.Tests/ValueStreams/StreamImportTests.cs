using ValueChain.Cli.Tests.Infrastructure;
using ValueChain.Core.Tests.ValueStreams;

namespace ValueChain.Cli.Tests.ValueStreams;

public sealed class StreamImportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CommandLine.RunAsync(["--data", _folder.Data, .. args]);

    private static string Shipped(string name) => File.ReadAllText(Path.Combine(RepositoryFolder.ValueStreams, name));

    [Fact]
    public async Task Importing_the_library_publishes_version_one_of_each_stream_and_lists_them()
    {
        var shipped = Directory.GetFiles(RepositoryFolder.ValueStreams, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order().ToList();

        var import = await RunAsync("streams", "import", RepositoryFolder.ValueStreams, "--by", "release-manager");
        var list = await RunAsync("streams", "list");

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(shipped.Count, import.OutputLines.Count(l => l.StartsWith("published ", StringComparison.Ordinal) && l.Contains(" v1 from ", StringComparison.Ordinal)));
        Assert.Equal(0, list.ExitCode);
        var rows = list.OutputLines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(shipped, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("v1", r[1]));
    }

    [Fact]
    public async Task Importing_the_same_files_again_publishes_nothing()
    {
        await RunAsync("streams", "import", RepositoryFolder.ValueStreams);

        var again = await RunAsync("streams", "import", Path.Combine(RepositoryFolder.ValueStreams, "restore-service.yaml"));

        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("unchanged restore-service v1", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_stream_publishes_a_new_version_and_keeps_the_old_one()
    {
        var original = Shipped("restore-service.yaml");
        var file = _folder.Write("restore-service.yaml", original);
        await RunAsync("streams", "import", file);
        var edited = original.Replace("name: Restore a service", "name: Restore a service quickly", StringComparison.Ordinal);
        Assert.NotEqual(original, edited);
        File.WriteAllText(file, edited);

        var import = await RunAsync("streams", "import", file);
        var latest = await RunAsync("streams", "show", "restore-service");
        var first = await RunAsync("streams", "show", "restore-service", "--version", "1");

        Assert.Equal(0, import.ExitCode);
        Assert.StartsWith("published restore-service v2", import.Output, StringComparison.Ordinal);
        Assert.StartsWith("# restore-service v2", latest.Output, StringComparison.Ordinal);
        Assert.Contains("name: Restore a service quickly", latest.Output, StringComparison.Ordinal);
        Assert.StartsWith("# restore-service v1", first.Output, StringComparison.Ordinal);
        Assert.Contains(original.TrimEnd(), first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_file_among_valid_ones_imports_nothing()
    {
        _folder.Write("streams/restore-service.yaml", Shipped("restore-service.yaml"));
        _folder.Write("streams/broken.yaml", Shipped("deliver-change.yaml").Replace("activity: obtain-build", "activity: build", StringComparison.Ordinal));

        var import = await RunAsync("streams", "import", Path.Combine(_folder.Path, "streams"));
        var list = await RunAsync("streams", "list");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains(import.OutputLines, l => l.Contains("broken.yaml:", StringComparison.Ordinal) && l.Contains("Unknown activity 'build'", StringComparison.Ordinal));
        Assert.Contains("nothing was imported", import.Error, StringComparison.Ordinal);
        Assert.StartsWith("No value streams yet.", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_refused_by_the_catalogue_rolls_back_the_whole_import()
    {
        await RunAsync("streams", "import", Path.Combine(RepositoryFolder.ValueStreams, "restore-service.yaml"));
        // A second stream for incidents is refused: demand must know where to go. The valid stream before it in
        // the same import must not be published either.
        _folder.Write("streams/a-change.yaml", Shipped("deliver-change.yaml"));
        _folder.Write("streams/b-incidents.yaml", Shipped("restore-service.yaml").Replace("key: restore-service", "key: handle-incidents", StringComparison.Ordinal));

        var import = await RunAsync("streams", "import", Path.Combine(_folder.Path, "streams"));
        var list = await RunAsync("streams", "list");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("already served by value stream 'restore-service'", import.Output, StringComparison.Ordinal);
        Assert.Equal(["KEY", "restore-service"], list.OutputLines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task Showing_an_unknown_stream_or_version_exits_one()
    {
        await RunAsync("streams", "import", Path.Combine(RepositoryFolder.ValueStreams, "restore-service.yaml"));

        var unknown = await RunAsync("streams", "show", "no-such-stream");
        var missingVersion = await RunAsync("streams", "show", "restore-service", "--version", "7");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("there is no value stream 'no-such-stream'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, missingVersion.ExitCode);
        Assert.Contains("value stream 'restore-service' has no version 7", missingVersion.Error, StringComparison.Ordinal);
    }
}

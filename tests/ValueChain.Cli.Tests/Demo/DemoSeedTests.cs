using ValueChain.Cli.Tests.Infrastructure;

namespace ValueChain.Cli.Tests.Demo;

public sealed class DemoSeedTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Seeding_twice_seeds_once()
    {
        var first = await CommandLine.RunAsync("--data", _folder.Data, "demo", "seed");
        var second = await CommandLine.RunAsync("demo", "seed", "--data", _folder.Data);
        var list = await CommandLine.RunAsync("--data", _folder.Data, "work", "list", "--limit", "1");

        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"^Seeded Northwind Trading into .+: 6 value streams, 48 work items, \d+ events\.$", first.Output.Trim());
        Assert.True(File.Exists(Path.Combine(_folder.Data, "valuechain.db")));
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already has an organization; nothing was seeded", second.Output, StringComparison.Ordinal);
        Assert.EndsWith("1–1 of 48; next page: --offset 1", list.Output.Trim(), StringComparison.Ordinal);
    }
}

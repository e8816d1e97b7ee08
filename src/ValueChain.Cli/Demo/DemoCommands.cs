using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ValueChain.Cli.Infrastructure;
using ValueChain.Data.Demo;

namespace ValueChain.Cli.Demo;

/// <summary><c>valuechain demo seed</c>: the demo organization, the same one the server seeds on first start.</summary>
internal static class DemoCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var demo = new Command("demo", "The Northwind Trading demo organization.");
        var seed = new Command("seed", "Seed the demo organization (teams, services, stakeholders, the shipped value streams "
            + "and a few dozen work items over the last six weeks) into an empty database. Does nothing on a database that has an organization.");
        seed.SetAction((parse, cancellationToken) => runtime.RunAsync(parse, async cli =>
        {
            await using var scope = await cli.OpenAsync(cancellationToken);
            var report = await scope.ServiceProvider.GetRequiredService<DemoOrganization>().SeedAsync(cancellationToken: cancellationToken);
            cli.Output.WriteLine(report.AlreadySeeded
                ? $"The database in {cli.DataDirectory} already has an organization; nothing was seeded."
                : $"Seeded Northwind Trading into {cli.DataDirectory}: {report.Streams} value streams, {report.WorkItems} work items, {report.Events} events.");
            return ExitCodes.Success;
        }));
        demo.Subcommands.Add(seed);
        return demo;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ValueChain.Bench.Server;

/// <summary>The framework's ceiling: Kestrel with one endpoint that returns a constant, and nothing else.</summary>
internal static class BareKestrel
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => "ValueChain");
        await app.RunAsync();
    }
}

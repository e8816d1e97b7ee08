using System.Diagnostics;

namespace ValueChain.Server.Tests.Infrastructure;

/// <summary>
/// The external OpenAPI linter the suite may use, named by <c>VALUECHAIN_OPENAPI_LINT</c>: a shell command that
/// lints the file whose path is appended to it (<c>bash .ci/openapi-lint</c> installs one and prints it).
/// </summary>
public static class OpenApiLinter
{
    public const string Variable = "VALUECHAIN_OPENAPI_LINT";

    public static string? Command { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string SkipReason =>
        $"No OpenAPI linter is configured: set {Variable} to a command that lints the file named after it (bash .ci/openapi-lint installs one and prints it).";

    /// <summary>Runs the linter on <paramref name="path"/> as a real process; its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> LintAsync(string path)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The path goes in as an argument of its own, so no character in it can change the command.
        foreach (var argument in new[] { "-c", Command + " \"$1\"", "openapi-lint", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The OpenAPI linter did not finish within three minutes: {Command}");
        }

        return (process.ExitCode, await output + await errors);
    }
}

/// <summary>A fact that needs the external OpenAPI linter: skipped with a message when none is configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiLintFactAttribute : FactAttribute
{
    public OpenApiLintFactAttribute()
    {
        if (OpenApiLinter.Command is null)
        {
            Skip = OpenApiLinter.SkipReason;
        }
    }
}

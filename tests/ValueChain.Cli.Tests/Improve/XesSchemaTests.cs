using System.Diagnostics;
using ValueChain.Cli.Tests.Infrastructure;
using ValueChain.Core.Tests.ValueStreams;
using ValueChain.Improve.Mining;

namespace ValueChain.Cli.Tests.Improve;

/// <summary>Exported XES is checked by an independent validator (xmllint) against the IEEE 1849-2016 schema.</summary>
public sealed class XesSchemaTests(RealEventLogs logs) : IClassFixture<RealEventLogs>, IDisposable
{
    private static readonly string Schema = Path.Combine(RepositoryFolder.Root, "tests", "ValueChain.Cli.Tests", "Improve", "xes-ieee-1849-2016.xsd");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Helpdesk_log_exported_as_xes_validates_against_the_ieee_schema()
    {
        var path = Path.Combine(_folder.Path, "helpdesk.xes");
        using (var file = File.Create(path))
        {
            XesWriter.Write(file, CaseTrace.Group(logs.Helpdesk.Events), "helpdesk-italy.csv");
        }

        var (exitCode, output) = await XmlLintAsync(path);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("validates");
    }

    [Fact]
    public async Task The_schema_check_is_real_a_log_without_version_fails()
    {
        var path = _folder.Write("broken.xes", """
            <?xml version="1.0" encoding="UTF-8"?>
            <log xmlns="http://www.xes-standard.org/"><trace><event><string key="concept:name"/></event></trace></log>
            """);

        var (exitCode, output) = await XmlLintAsync(path);

        exitCode.ShouldNotBe(0);
        output.ShouldContain("xes.version");
        output.ShouldContain("'value' is required");
    }

    internal static async Task<(int ExitCode, string Output)> XmlLintAsync(string file)
    {
        var start = new ProcessStartInfo("xmllint", ["--noout", "--schema", Schema, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "xmllint is not installed, and the XES export is validated with it: apt-get install libxml2-utils (or run .ci/xmllint).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
    }
}

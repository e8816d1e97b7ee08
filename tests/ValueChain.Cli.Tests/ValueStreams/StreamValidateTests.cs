using ValueChain.Cli.Tests.Infrastructure;
using ValueChain.Core.Tests.ValueStreams;

namespace ValueChain.Cli.Tests.ValueStreams;

public sealed class StreamValidateTests : IDisposable
{
    private const string GoodStream = """
        key: reset-password
        name: Reset a password
        demand: [service-request]
        steps:
          - key: reset
            name: Reset the password
            activity: deliver-support
            practices: [service-request-management]
            next: [value]
        value:
          outcome: The user can sign in again.
          confirmed-by: requester
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Shipped_library_folder_is_valid_and_exits_zero()
    {
        var result = await CommandLine.RunAsync("streams", "validate", RepositoryFolder.ValueStreams);

        Assert.Equal(0, result.ExitCode);
        var shipped = Directory.GetFiles(RepositoryFolder.ValueStreams, "*.yaml").Length;
        Assert.Equal(shipped, result.OutputLines.Count(l => l.Contains(": ok: ", StringComparison.Ordinal)));
        Assert.Contains($"{shipped} files checked: {shipped} valid, 0 invalid, 0 problems.", result.Output, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Good_file_reports_its_key_steps_and_activities()
    {
        var file = _folder.Write("reset.yaml", GoodStream);

        var result = await CommandLine.RunAsync("streams", "validate", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{file}: ok: reset-password (1 step, activities: deliver-support)", result.OutputLines);
    }

    [Fact]
    public async Task Bad_file_prints_each_problem_as_file_line_column_field_message_and_exits_one()
    {
        var file = _folder.Write("bad.yaml", GoodStream
            .Replace("activity: deliver-support", "activity: deliver", StringComparison.Ordinal)
            .Replace("[service-request-management]", "[ticket-wrangling]", StringComparison.Ordinal));

        var result = await CommandLine.RunAsync("streams", "validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{file}:7:15: steps[0].activity: Unknown activity 'deliver'", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{file}:8:17: steps[0].practices[0]: ", StringComparison.Ordinal)
            && l.Contains("'ticket-wrangling'", StringComparison.Ordinal));
        Assert.Contains("1 file checked: 0 valid, 1 invalid, 2 problems.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_syntax_error_is_located_without_a_field()
    {
        var file = _folder.Write("broken.yaml", "key: x\nname: 'unclosed\ndemand: [incident]\n");

        var result = await CommandLine.RunAsync("streams", "validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{file}:2:7: Not valid YAML", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Folder_with_one_bad_file_among_good_ones_exits_one_and_names_only_the_bad_one()
    {
        _folder.Write("streams/reset.yaml", GoodStream);
        var bad = _folder.Write("streams/nested/broken.yml", GoodStream.Replace("next: [value]", "next: [nowhere]", StringComparison.Ordinal));

        var result = await CommandLine.RunAsync("streams", "validate", Path.Combine(_folder.Path, "streams"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{bad}:9:", StringComparison.Ordinal) && l.Contains("'nowhere'", StringComparison.Ordinal));
        Assert.Contains("2 files checked: 1 valid, 1 invalid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_files_claiming_the_same_demand_type_are_refused_together()
    {
        _folder.Write("a.yaml", GoodStream);
        var second = _folder.Write("b.yaml", GoodStream.Replace("key: reset-password", "key: unlock-account", StringComparison.Ordinal));

        var result = await CommandLine.RunAsync("streams", "validate", _folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{second}: demand: demand type 'service-request' is also served by 'reset-password'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_files_with_the_same_key_are_refused()
    {
        _folder.Write("a.yaml", GoodStream);
        var second = _folder.Write("b.yaml", GoodStream.Replace("[service-request]", "[feedback]", StringComparison.Ordinal));

        var result = await CommandLine.RunAsync("streams", "validate", _folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.OutputLines, l => l.StartsWith($"{second}: key: value stream 'reset-password' is also defined in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_path_is_a_usage_error_on_standard_error()
    {
        var missing = Path.Combine(_folder.Path, "no-such.yaml");

        var result = await CommandLine.RunAsync("streams", "validate", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: no such file or folder: '{missing}'", result.Error.Trim());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Folder_without_yaml_files_is_a_usage_error()
    {
        _folder.Write("notes.txt", "not a stream");

        var result = await CommandLine.RunAsync("streams", "validate", _folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no value stream files (*.yaml, *.yml)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_without_a_path_is_a_usage_error()
    {
        var result = await CommandLine.RunAsync("streams", "validate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Run 'valuechain streams validate --help' for usage.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error()
    {
        var result = await CommandLine.RunAsync("streams", "publish-everything");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("publish-everything", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_does_not_create_a_database()
    {
        var file = _folder.Write("reset.yaml", GoodStream);

        await CommandLine.RunAsync("--data", _folder.Data, "streams", "validate", file);

        Assert.False(Directory.Exists(_folder.Data));
    }
}

namespace ValueChain.Core.Tests.ValueStreams;

/// <summary>Finds folders of the checkout the tests run from, so tests read the files that ship.</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = FindRoot();

    public static string ValueStreams => Path.Combine(Root, "valuestreams");

    /// <summary>Environment variable naming the folder of the real event logs, when it is not <c>../shared/data</c>.</summary>
    public const string SharedDataVariable = "VALUECHAIN_SHARED_DATA";

    /// <summary>The real event logs: <c>$VALUECHAIN_SHARED_DATA</c>, else <c>../shared/data</c> beside the repository.</summary>
    public static string SharedData =>
        Environment.GetEnvironmentVariable(SharedDataVariable) is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ValueChain.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ValueChain.slnx.");
    }
}

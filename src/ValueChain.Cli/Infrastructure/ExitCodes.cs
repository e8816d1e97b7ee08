namespace ValueChain.Cli.Infrastructure;

/// <summary>What the process exit code tells a script.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found a problem: an invalid definition, an unknown id, a refused change.</summary>
    public const int Failure = 1;

    /// <summary>The command could not run as typed: unknown option, bad value, a path that does not exist.</summary>
    public const int Usage = 2;
}

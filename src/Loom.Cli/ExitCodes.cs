namespace Loom.Cli;

/// <summary>Exit codes of the loom command, as documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>A run was executed and failed.</summary>
    public const int RunFailed = 1;

    /// <summary>A model version was checked against a gate and did not pass it.</summary>
    public const int GateFailed = 1;

    /// <summary>A check of <c>loom ci</c> failed.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad usage or invalid input: unknown option, invalid pipeline, missing file, unknown run.</summary>
    public const int UsageError = 2;

    /// <summary>A run was cancelled (Ctrl+C or SIGTERM).</summary>
    public const int Cancelled = 130;

    /// <summary>A bug in Loom; the message says what, --verbose shows the stack trace.</summary>
    public const int InternalError = 70;
}

namespace Loom.Worker;

/// <summary>A process to start in the sandbox.</summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="WorkingDirectory">Its working folder.</param>
/// <param name="Limits">Its time and memory limits.</param>
/// <param name="StandardInput">Text written to its standard input (which is then closed), or null for none.</param>
/// <param name="OnOutputLine">Called with each line of its standard output, or null to keep the output (see <see cref="SandboxedOutcome.Output"/>).</param>
/// <param name="Environment">Variables set on top of the passed-through environment.</param>
public sealed record SandboxedStart(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    ProcessLimits Limits,
    string? StandardInput = null,
    Action<string>? OnOutputLine = null,
    IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>How a sandboxed process ended.</summary>
/// <param name="ExitCode">Its exit code (meaningless when <paramref name="Stopped"/> is set).</param>
/// <param name="Stopped">Why it was killed (time or memory limit), or null when it ended by itself.</param>
/// <param name="Output">Its standard output, when no line handler took it; and its standard error, last.</param>
/// <param name="PeakMemoryBytes">The highest resident memory seen.</param>
/// <param name="Elapsed">How long it ran.</param>
public sealed record SandboxedOutcome(int ExitCode, string? Stopped, string Output, long PeakMemoryBytes, TimeSpan Elapsed)
{
    /// <summary>Whether it ended by itself with exit code 0.</summary>
    public bool Succeeded => Stopped is null && ExitCode == 0;
}

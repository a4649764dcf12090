using System.Reflection;

namespace Loom.Worker;

/// <summary>How to start a worker process: the program and the arguments before nothing else (<c>loom worker</c>).</summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record WorkerLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// The worker of the running loom program: <c>loom worker</c>, or <c>dotnet loom.dll worker</c> when it runs through
    /// the dotnet host; null when the running program is not loom (a test host).
    /// </summary>
    public static WorkerLaunch? OfThisProgram()
    {
        var program = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (program is null || !string.Equals(Path.GetFileNameWithoutExtension(entry), "loom", StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetFileNameWithoutExtension(program) == "dotnet" ? new WorkerLaunch(program, [entry!, "worker"]) : new WorkerLaunch(program, ["worker"]);
    }
}

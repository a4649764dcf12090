using System.CommandLine;

namespace Loom.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Workspace = new("--workspace", "-w")
    {
        Description = "Workspace folder (default: the folder containing loom.yaml, looking up from the current folder).",
        HelpName = "FOLDER",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces of internal errors.",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document for scripts instead of text." };
}

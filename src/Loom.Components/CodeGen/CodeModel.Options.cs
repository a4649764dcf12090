namespace Loom.Components.CodeGen;

/// <content>Defaults of the generated training options that steps decide (such as a data file's path in the solution).</content>
public sealed partial class CodeModel
{
    /// <summary>Option name (PascalCase) to the C# literal of its default, where a step decided it.</summary>
    public Dictionary<string, string> OptionDefaults { get; } = new(StringComparer.Ordinal);

    /// <summary>Options (PascalCase) that generated steps read; the pipeline's other parameters are baked in as literals.</summary>
    public SortedSet<string> ReadOptions { get; } = new(StringComparer.Ordinal);

    /// <summary>The workspace folder, against which relative data paths resolve.</summary>
    public required string WorkspaceRoot { get; init; }

    /// <summary>
    /// Ships a data file with the solution, under its <c>data/</c> folder (which the tests copy next to them); returns its
    /// path inside the solution: its path in the workspace, under <c>data/</c> when it is not there already.
    /// </summary>
    public string ShipDataFile(string path)
    {
        var source = Path.GetFullPath(Path.Combine(WorkspaceRoot, path));
        var relative = Path.GetRelativePath(WorkspaceRoot, source).Replace('\\', '/');
        var inside = !Path.IsPathRooted(path) && !relative.StartsWith("..", StringComparison.Ordinal);
        var target = !inside ? "data/" + Path.GetFileName(source)
            : relative.StartsWith("data/", StringComparison.Ordinal) ? relative
            : "data/" + relative;
        DataFiles[source] = target;
        return target;
    }
}

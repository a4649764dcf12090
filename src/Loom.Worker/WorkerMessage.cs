namespace Loom.Worker;

/// <summary>
/// One line of JSON the worker writes to its standard output: a log line, a progress report, or the final result
/// (<c>described</c>, <c>done</c> or <c>failed</c>).
/// </summary>
/// <param name="Type"><c>log</c>, <c>progress</c>, <c>described</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Level">For <c>log</c>: the level's name.</param>
/// <param name="Message">For <c>log</c> and <c>progress</c>: the text; for <c>failed</c>: the error.</param>
/// <param name="Fraction">For <c>progress</c>: how much is done, from 0 to 1.</param>
/// <param name="Outputs">For <c>done</c>: the file written for each output port.</param>
/// <param name="Components">For <c>described</c>: each component class of the assembly.</param>
/// <param name="Transient">For <c>failed</c>: whether trying again may succeed.</param>
public sealed record WorkerMessage(
    string Type,
    string? Level = null,
    string? Message = null,
    double? Fraction = null,
    IReadOnlyDictionary<string, string>? Outputs = null,
    IReadOnlyList<DescribedComponent>? Components = null,
    bool? Transient = null)
{
    /// <summary>A log line.</summary>
    public const string Log = "log";

    /// <summary>A progress report.</summary>
    public const string Progress = "progress";

    /// <summary>The result of <c>describe</c>.</summary>
    public const string Described = "described";

    /// <summary>A step that finished.</summary>
    public const string Done = "done";

    /// <summary>A step or a description that failed.</summary>
    public const string Failed = "failed";
}

/// <summary>A component class found in an assembly: its manifest, or why it has none.</summary>
/// <param name="TypeName">The class's full name.</param>
/// <param name="ManifestJson">Its manifest (see <see cref="Sdk.ManifestJson"/>), or null when it is malformed.</param>
/// <param name="Problem">What is wrong with its declaration, or null.</param>
public sealed record DescribedComponent(string TypeName, string? ManifestJson, string? Problem);

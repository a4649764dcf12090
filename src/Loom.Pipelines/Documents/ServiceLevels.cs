using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Loom.Pipelines.Documents;

/// <summary>
/// A pipeline's service-level targets (its <c>sla</c> section): how long a run may take, how much memory it may use,
/// how many rows a second it must get through, and how much worse a model trained on all the data may be than one
/// trained on a sample. <c>loom scale-test</c> and <c>loom ci</c> check them on the data scaled by <see cref="At"/>.
/// </summary>
/// <param name="MaxWall">Longest a whole run may take, or null.</param>
/// <param name="MaxMemoryBytes">Most memory (the process's peak resident set) a run may use, or null.</param>
/// <param name="MinRowsPerSecond">Fewest rows of input data a second a run must get through, or null.</param>
/// <param name="MaxAccuracyLoss">Most the full-data model's metric may fall behind the sample model's, or null.</param>
/// <param name="At">The data multiplier the targets hold at (1 = the pipeline's own data).</param>
/// <param name="Written">Each key as written, in order (the document is written back this way).</param>
public sealed record ServiceLevels(TimeSpan? MaxWall, long? MaxMemoryBytes, double? MinRowsPerSecond, double? MaxAccuracyLoss, double At, IReadOnlyList<KeyValuePair<string, string>> Written)
{
    /// <summary>The largest data multiplier a scale test takes.</summary>
    public const double MaxMultiplier = 10_000;

    private static readonly string[] Keys = ["max_wall", "max_memory", "min_rows_per_second", "max_accuracy_loss", "at"];

    /// <summary>Reads the section, reporting each wrong value at its place.</summary>
    internal static ServiceLevels Read(YamlMappingNode node, YamlReader r)
    {
        r.CheckKeys(node, Keys, null);
        var written = new List<KeyValuePair<string, string>>();
        string? Text(string key)
        {
            var text = r.Scalar(node, key);
            if (text is not null)
            {
                written.Add(new(key, text));
            }

            return text;
        }

        void Wrong(string key, string expected, string found) =>
            r.Error(r.Child(node, key)!.Start, $"sla '{key}' must be {expected}, found '{found}'");

        TimeSpan? wall = null;
        if (Text("max_wall") is { } wallText && (wall = PipelineParser.ParseDuration(wallText)) is null)
        {
            Wrong("max_wall", "a duration such as 90s, 10m or 2h", wallText);
        }

        long? memory = null;
        if (Text("max_memory") is { } memoryText && (memory = PipelineParser.ParseMemory(memoryText)) is null)
        {
            Wrong("max_memory", "a size from 64MB to 1024GB, such as 512MB or 4GB", memoryText);
        }

        var rows = Number(Text("min_rows_per_second"), "min_rows_per_second", "a number of rows above 0", v => v > 0, Wrong);
        var loss = Number(Text("max_accuracy_loss"), "max_accuracy_loss", "a metric difference of 0 or more, such as 0.01", v => v >= 0, Wrong);
        var at = Number(Text("at"), "at", $"a data multiplier from 0.0001 to {MaxMultiplier:0}", v => v is >= 0.0001 and <= MaxMultiplier, Wrong) ?? 1;
        if (written.Count(w => w.Key != "at") == 0)
        {
            r.Error(node.Start, "an 'sla' section names at least one target: max_wall, max_memory, min_rows_per_second or max_accuracy_loss");
        }

        return new ServiceLevels(wall, memory, rows, loss, at, written);
    }

    private static double? Number(string? text, string key, string expected, Func<double, bool> valid, Action<string, string, string> wrong)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value))
        {
            return value;
        }

        wrong(key, expected, text);
        return null;
    }
}

using System.Globalization;
using Loom.Pipelines.Validation;
using Loom.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Loom.Pipelines.Documents;

/// <summary>Reads pipeline YAML into a <see cref="PipelineDocument"/>, keeping line numbers for every error.</summary>
public static class PipelineParser
{
    private static readonly string[] TopLevelKeys = ["apiVersion", "kind", "name", "description", "seed", "ci", "sla", "parameters", "steps", "outputs"];

    /// <summary>Reads a pipeline file.</summary>
    /// <exception cref="PipelineValidationException">The file is not a well-formed pipeline document.</exception>
    public static PipelineDocument ParseFile(string path)
    {
        return Parse(YamlReader.ReadFile(path, "pipeline"), path);
    }

    /// <summary>Reads pipeline YAML text; <paramref name="sourceFile"/> names it in errors.</summary>
    /// <exception cref="PipelineValidationException">The text is not a well-formed pipeline document.</exception>
    public static PipelineDocument Parse(string text, string sourceFile)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new YamlReader(sourceFile);
        var root = reader.LoadRoot(text, "a pipeline document starting with 'apiVersion: loom/v1'", "apiVersion, kind, name, steps");
        if (root is null)
        {
            throw new PipelineValidationException(reader.Errors);
        }

        var document = ReadDocument(root, reader);
        return reader.Errors.Count > 0
            ? throw new PipelineValidationException([.. reader.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column)])
            : document;
    }

    private static PipelineDocument ReadDocument(YamlMappingNode root, YamlReader r)
    {
        r.CheckKeys(root, TopLevelKeys, null);
        r.CheckHeader(root, "Pipeline");
        var name = r.Scalar(root, "name", required: true) ?? "";
        var seed = r.Integer(root, "seed", null, 0, int.MaxValue) ?? PipelineDocument.DefaultSeed;
        var parameters = r.Mapping(root, "parameters") is { } p ? ParameterSection.Read(p, r) : [];
        var stepsNode = r.Mapping(root, "steps");
        if (stepsNode is null)
        {
            r.Error(root.Start, "a pipeline needs a 'steps' mapping with at least one step");
        }

        var steps = stepsNode is null ? [] : StepSection.Read(stepsNode, r);
        var outputs = r.Mapping(root, "outputs") is { } o ? ReadOutputs(o, r) : [];
        var ci = r.Scalar(root, "ci");
        if (ci is not null and not "smoke")
        {
            r.Error(r.Child(root, "ci")!.Start, $"'ci' is 'smoke' (loom ci runs the pipeline with its default parameters, which should point at sample data), not '{ci}'");
        }

        var sla = r.Mapping(root, "sla") is { } levels ? ServiceLevels.Read(levels, r) : null;
        return new PipelineDocument(name, r.Scalar(root, "description") ?? "", (int)seed, parameters, steps, outputs, r.File) { Ci = ci, Sla = sla };
    }

    private static List<PipelineOutput> ReadOutputs(YamlMappingNode node, YamlReader r)
    {
        var outputs = new List<PipelineOutput>();
        foreach (var (key, value) in r.Entries(node))
        {
            if (r.Reference(value, null, key) is { } source)
            {
                outputs.Add(new PipelineOutput(key, source));
            }
        }

        return outputs;
    }

    /// <summary>The longest duration a timeout may have (what a cancellation timer can count).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(24);

    /// <summary>The least memory a step's worker process may be given.</summary>
    public const long MinMemoryBytes = 64L << 20;

    /// <summary>The most memory a step's worker process may be given.</summary>
    public const long MaxMemoryBytes = 1024L << 30;

    /// <summary>Parses a memory size such as <c>512MB</c> or <c>4GB</c> (MB = 2^20 bytes); null unless it lies within the bounds.</summary>
    public static long? ParseMemory(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var unit = trimmed.Length > 2 ? trimmed[^2..].ToUpperInvariant() : "";
        long? size = unit switch { "MB" => 1L << 20, "GB" => 1L << 30, _ => null };
        if (size is null || !double.TryParse(trimmed[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount))
        {
            return null;
        }

        var bytes = amount * size.Value;
        return bytes >= MinMemoryBytes && bytes <= MaxMemoryBytes ? (long)bytes : null;
    }

    /// <summary>
    /// Parses a duration such as <c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c> or a number of seconds;
    /// null unless it is positive, finite and at most <see cref="MaxDuration"/>.
    /// </summary>
    public static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? text[^1] : 's';
        var digits = text.Length > 0 && char.IsLetter(text[^1]) ? text[..^1] : text;
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount <= 0)
        {
            return null;
        }

        double? seconds = unit switch
        {
            's' => amount,
            'm' => amount * 60,
            'h' => amount * 3600,
            'd' => amount * 86400,
            _ => null,
        };
        return seconds is { } s && s <= MaxDuration.TotalSeconds ? TimeSpan.FromSeconds(s) : null;
    }
}

using System.Globalization;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.Scale;

/// <summary>
/// The variants of a pipeline a scale test runs, made by adding <c>data.resample</c> steps to its document: the data
/// scaled where it is read, a sample of the rows models are trained on, and the test rows scored by each evaluated model.
/// </summary>
internal static class ScaledDocuments
{
    /// <summary>The component that makes a table larger or smaller.</summary>
    public const string Resample = "data.resample";

    /// <summary>The steps that read data: a file parameter (not a registered model) and a table output.</summary>
    public static IReadOnlyList<(string Step, string Port)> Sources(PipelinePlan plan) =>
        plan.Steps
            .Where(s => s.Component.Manifest.Parameters.Any(p => p.InputFile && s.Parameters.GetValueOrDefault(p.Name) is string path && !path.StartsWith("models:/", StringComparison.Ordinal)))
            .SelectMany(s => s.Component.Manifest.Outputs.Where(o => o.Kind == ArtifactKind.Table).Select(o => (s.Name, o.Name)))
            .ToList();

    /// <summary>
    /// The pipeline with every data source's table resampled by <paramref name="factor"/> (numbers jittered by
    /// <paramref name="jitter"/> of their spread); the same document for 1.
    /// </summary>
    public static PipelineDocument Scaled(PipelinePlan plan, double factor, double jitter)
    {
        var document = plan.Document;
        if (factor == 1)
        {
            return document;
        }

        foreach (var (step, port) in Sources(plan))
        {
            document = Insert(document, $"scaled_{step}", new PortReference(step, port, Where(document, step)), factor, jitter, _ => true, moveOutputs: true);
        }

        return document;
    }

    /// <summary>
    /// The pipeline with every data source replaced by <paramref name="generator"/> making <paramref name="factor"/> times
    /// the rows the source read (its <c>rows</c> parameter), under the source's name; readers of the source's table read
    /// the generator's table output.
    /// </summary>
    public static PipelineDocument Generated(PipelinePlan plan, ComponentRegistration generator, IReadOnlyDictionary<string, long> sourceRows, double factor)
    {
        var output = generator.Manifest.Outputs.First(o => o.Kind == ArtifactKind.Table).Name;
        var document = plan.Document;
        foreach (var (step, port) in Sources(plan))
        {
            var rows = Math.Max(1, (long)Math.Round(sourceRows[step] * factor, MidpointRounding.AwayFromZero));
            var source = document.Steps.Single(s => s.Name == step);
            PortReference Moved(PortReference r) => r.Step == step && r.Port == port ? r with { Port = output } : r;
            document = document with
            {
                Steps = document.Steps.Select(s => s.Name == step
                    ? new StepDefinition(step, generator.Manifest.Name, generator.Manifest.Version, [], [new ParameterSetting("rows", RawValue.Of(rows.ToString(CultureInfo.InvariantCulture)), source.Location)], source.Timeout, source.Retries, source.Location)
                    : s with { Inputs = s.Inputs.Select(i => i with { Source = Moved(i.Source) }).ToList() }).ToList(),
                Outputs = document.Outputs.Select(o => o with { Source = Moved(o.Source) }).ToList(),
            };
        }

        return document;
    }

    /// <summary>Why a component cannot generate data for a scale test, or null when it can.</summary>
    public static string? NotAGenerator(ComponentRegistration generator)
    {
        var manifest = generator.Manifest;
        var rows = manifest.Parameters.FirstOrDefault(p => p.Name == "rows");
        return rows is null || rows.Type != ParameterType.Integer ? $"{manifest.Identity} has no whole-number parameter 'rows' to say how many rows to make"
            : manifest.Inputs.Count > 0 ? $"{manifest.Identity} reads inputs ({string.Join(", ", manifest.Inputs.Select(i => i.Name))}); a generator makes its rows from nothing but its parameters"
            : manifest.Outputs.All(o => o.Kind != ArtifactKind.Table) ? $"{manifest.Identity} writes no table"
            : manifest.Parameters.FirstOrDefault(p => p.Required && p.Name != "rows") is { } required ? $"{manifest.Identity} needs parameter '{required.Name}', which a scale test cannot give"
            : null;
    }

    /// <summary>
    /// The pipeline with the table each model is trained on cut to a <paramref name="fraction"/> of its rows, for every
    /// step that learns from that table (a trainer, a features step); evaluations, scorings and every other step keep
    /// the whole table, so the held-out rows are the same. The tables cut, named.
    /// </summary>
    public static (PipelineDocument Document, IReadOnlyList<string> Sampled) Sampled(PipelinePlan plan, double fraction)
    {
        var trained = plan.Steps
            .Where(s => s.Component.Manifest.Outputs.Any(o => o.Kind == ArtifactKind.Model) && !IsEvaluation(s))
            .SelectMany(s => s.Inputs.Where(i => s.Component.Manifest.Inputs.Single(p => p.Name == i.Key).Kind == ArtifactKind.Table).Select(i => i.Value))
            .Select(r => (r.Step, r.Port))
            .Distinct()
            .ToList();
        var document = plan.Document;
        // Only the steps that learn from a table (write a model or a fitted transform) read the sample; a split or any
        // other step reading it keeps the whole table, so the held-out rows stay the same.
        var learners = plan.Steps.Where(s => !IsEvaluation(s) && s.Component.Manifest.Outputs.Any(o => o.Kind == ArtifactKind.Model)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (step, port) in trained)
        {
            var readers = learners;
            document = Insert(document, $"sampled_{step}_{port}", new PortReference(step, port, Where(document, step)), fraction, 0, readers.Contains, moveOutputs: false);
        }

        return (document, trained.Select(t => $"{t.Step}.{t.Port}").ToList());
    }

    /// <summary>
    /// The pipeline with a <c>score</c> step beside each evaluation of a model on a table (the same model, the same
    /// rows), so the predictions of two variants can be compared; the names of the added steps by evaluation.
    /// </summary>
    public static (PipelineDocument Document, IReadOnlyDictionary<string, string> Scorings) WithScorings(PipelinePlan plan, PipelineDocument document)
    {
        var scorings = new Dictionary<string, string>(StringComparer.Ordinal);
        var steps = document.Steps.ToList();
        foreach (var evaluation in plan.Steps.Where(IsEvaluation))
        {
            var definition = document.Steps.Single(s => s.Name == evaluation.Name);
            if (!evaluation.Component.Manifest.Name.StartsWith("evaluate.", StringComparison.Ordinal)
                || definition.Inputs.FirstOrDefault(i => i.Port == "model") is not { } model
                || definition.Inputs.FirstOrDefault(i => i.Port == "table") is not { } table)
            {
                continue;
            }

            var name = Unique(document, $"scored_{evaluation.Name}");
            steps.Add(new StepDefinition(name, "score", "1", [model, table], [], null, null, definition.Location));
            scorings[evaluation.Name] = name;
        }

        return (document with { Steps = steps }, scorings);
    }

    /// <summary>Whether a step measures or scores a model rather than making one.</summary>
    public static bool IsEvaluation(PlannedStep step) =>
        step.Component.Manifest.Name.StartsWith("evaluate.", StringComparison.Ordinal) || step.Component.Manifest.Name is "score" or "score.onnx";

    /// <summary>Adds a resample step reading <paramref name="source"/>, and makes the steps <paramref name="rewire"/> picks (and, when asked, the pipeline's outputs) read it instead.</summary>
    private static PipelineDocument Insert(PipelineDocument document, string name, PortReference source, double factor, double jitter, Func<string, bool> rewire, bool moveOutputs)
    {
        name = Unique(document, name);
        var scaled = new PortReference(name, "table", source.Location);
        PortReference Moved(PortReference r) => r.Step == source.Step && r.Port == source.Port ? scaled : r;
        var steps = document.Steps
            .Select(s => rewire(s.Name) ? s with { Inputs = s.Inputs.Select(i => i with { Source = Moved(i.Source) }).ToList() } : s)
            .ToList();
        var parameters = new List<ParameterSetting>
        {
            new("factor", RawValue.Of(factor.ToString("R", CultureInfo.InvariantCulture)), source.Location),
            new("jitter", RawValue.Of(jitter.ToString("R", CultureInfo.InvariantCulture)), source.Location),
        };

        steps.Insert(steps.FindIndex(s => s.Name == source.Step) + 1, new StepDefinition(name, Resample, "1", [new InputBinding("table", source)], parameters, null, null, source.Location));
        return document with
        {
            Steps = steps,
            Outputs = moveOutputs ? document.Outputs.Select(o => o with { Source = Moved(o.Source) }).ToList() : document.Outputs,
        };
    }

    private static SourceLocation Where(PipelineDocument document, string step) => document.Steps.Single(s => s.Name == step).Location;

    private static string Unique(PipelineDocument document, string name)
    {
        var unique = name;
        for (var n = 2; document.Steps.Any(s => s.Name == unique); n++)
        {
            unique = $"{name}_{n}";
        }

        return unique;
    }
}

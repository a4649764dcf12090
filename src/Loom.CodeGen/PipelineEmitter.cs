using System.Text.Json;
using Loom.Components.CodeGen;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.CodeGen;

/// <summary>
/// Asks each step's component for its code, with the artifacts the run produced (their schemas and the
/// models' cards decide the generated classes and featurization). Every step that cannot be generated
/// is reported at once.
/// </summary>
public static class PipelineEmitter
{
    /// <summary>
    /// Emits the pipeline a run executed, as that run saw it; the steps in <paramref name="leaveOut"/>, and the
    /// steps that read what they make, are left out of the code (and the pipeline outputs they make).
    /// </summary>
    public static async Task<EmittedPipeline> EmitAsync(Workspace workspace, ComponentCatalog catalog, RunRecord run, IReadOnlyCollection<string> leaveOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(leaveOut);
        var given = JsonSerializer.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? [];
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(run.PipelineYaml, run.PipelineFile), catalog, given);
        if (leaveOut.FirstOrDefault(name => plan.Steps.All(s => s.Name != name)) is { } unknown)
        {
            throw new CodeGenException($"--leave-out: pipeline '{plan.Document.Name}' has no step '{unknown}'; its steps are {string.Join(", ", plan.Steps.Select(s => s.Name))}");
        }

        var leftOut = new List<LeftOutStep>();
        var pipelineOutputs = plan.Document.Outputs.Select(o => (o.Source.Step, o.Source.Port)).ToHashSet();
        var lineage = await workspace.Store.GetLineageAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var code = new CodeModel(CSharpNames.Pascal(plan.Document.Name)) { WorkspaceRoot = workspace.Root };
        var steps = new List<EmittedStep>();
        var variables = new Dictionary<(string Step, string Port), string>();
        var problems = new List<string>();
        var carried = new List<CarriedComponent>();
        foreach (var planned in plan.Steps)
        {
            if (leaveOut.Contains(planned.Name))
            {
                leftOut.Add(new LeftOutStep(planned.Name, planned.Component.Manifest.Identity, "left out as asked"));
                continue;
            }

            if (planned.DependsOn.FirstOrDefault(d => leftOut.Any(l => l.Name == d)) is { } source)
            {
                leftOut.Add(new LeftOutStep(planned.Name, planned.Component.Manifest.Identity, $"reads step '{source}', which is left out"));
                continue;
            }

            if (UnseenWhyLeftOut(plan, planned, pipelineOutputs) is { } unseen)
            {
                leftOut.Add(new LeftOutStep(planned.Name, planned.Component.Manifest.Identity, unseen));
                continue;
            }

            var definition = plan.Document.Steps.Single(s => s.Name == planned.Name);
            var identity = planned.Component.Manifest.Identity;
            var emitter = planned.Component.IsCustom ? null : planned.Component.Create(planned.Parameters) as ICodeEmitter;
            if (!planned.Component.IsCustom && emitter is null)
            {
                problems.Add(MakesReport(planned)
                    ? $"step '{planned.Name}' ({identity}): it makes a report for people, which generated code does not make; leave it out"
                    : planned.Component.Manifest.Name == "model.read"
                        ? $"step '{planned.Name}' ({identity}): it reads a model trained elsewhere, and generated code trains the model it serves; generate the code from the pipeline that trained that model (its run is in the model's lineage)"
                        : $"step '{planned.Name}' ({identity}): the component has no code emitter yet");
                continue;
            }

            var step = new StepCode(planned.Name, identity, CacheKey.StepSeed(plan.Document.Seed, planned.Name), code, Bindings(definition), (port, output) => Artifact(workspace, lineage, planned.Name, port, output));
            try
            {
                var method = emitter is not null
                    ? await emitter.EmitAsync(step, cancellationToken).ConfigureAwait(false)
                    : await EmitCustomAsync(workspace, step, planned, carried, cancellationToken).ConfigureAwait(false);
                var outputs = method.Outputs.ToDictionary(o => o.Port, o => CSharpNames.Camel(planned.Name + "_" + o.Port));
                foreach (var (port, variable) in outputs)
                {
                    variables[(planned.Name, port)] = variable;
                }

                var arguments = method.Inputs.Select(i => Argument(step, i.Port, planned.Inputs[i.Port], variables, steps)).ToList();
                steps.Add(new EmittedStep(planned.Name, identity, method, outputs, arguments));
            }
            catch (CodeGenException e)
            {
                problems.Add(e.Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new CodeGenException($"pipeline '{plan.Document.Name}' cannot be generated as code:\n  - {string.Join("\n  - ", problems)}\n(a step the solution need not reproduce, such as a report, can be left out with --leave-out STEP)");
        }

        return Finish(plan, code, MethodNames(code, steps), variables, (step, port, output) => Artifact(workspace, lineage, step, port, output)) with { LeftOut = leftOut, Carried = carried };
    }

    /// <summary>A published custom component's step: its source, as published, goes into the solution.</summary>
    private static async Task<StepMethod> EmitCustomAsync(Workspace workspace, StepCode step, PlannedStep planned, List<CarriedComponent> carried, CancellationToken cancellationToken)
    {
        var manifest = planned.Component.Manifest;
        var versions = await workspace.Store.ListComponentVersionsAsync(manifest.Name, cancellationToken).ConfigureAwait(false);
        var version = versions.FirstOrDefault(v => v.Version == manifest.Version)
            ?? throw step.Unsupported("its published version is not in this workspace's repository");
        var source = workspace.Artifacts.PathOf(version.SourceSha256);
        if (!File.Exists(source))
        {
            throw step.Unsupported($"its published source ({version.SourceSha256[..12]}) is missing from the artifact store");
        }

        return await CustomStepEmitter.EmitAsync(step, planned, version, source, carried, cancellationToken).ConfigureAwait(false);
    }

    private static EmittedPipeline Finish(PipelinePlan plan, CodeModel code, List<EmittedStep> steps, Dictionary<(string Step, string Port), string> variables, Func<string, string, bool, string?> artifact)
    {
        var emitted = steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var outputs = plan.Document.Outputs.Where(o => emitted.Contains(o.Source.Step)).Select(o =>
        {
            if (!variables.ContainsKey((o.Source.Step, o.Source.Port)))
            {
                throw new CodeGenException($"pipeline output '{o.Name}' is port '{o.Source.Port}' of step '{o.Source.Step}', which the generated code does not produce");
            }

            var type = steps.Single(s => s.Name == o.Source.Step).Method.Outputs.Single(p => p.Port == o.Source.Port).Type;
            return new EmittedOutput(o.Name, CSharpNames.Pascal(o.Name), type, variables[(o.Source.Step, o.Source.Port)], o.Source);
        }).ToList();
        var served = outputs.FirstOrDefault(o => o.Name == "model" && o.Type == "TrainedModel") ?? outputs.FirstOrDefault(o => o.Type == "TrainedModel")
            ?? throw new CodeGenException($"pipeline '{plan.Document.Name}' has no model among its {(outputs.Count < plan.Document.Outputs.Count ? "generated " : "")}outputs; generated code serves a model");

        // The evaluation of the served model: its table is the test data of the parity tests.
        var evaluation = steps.FirstOrDefault(s => s.Identity.StartsWith("evaluate.", StringComparison.Ordinal) && s.Arguments.Contains(served.Variable));
        var trainer = steps.Single(s => s.Name == served.Source.Step);
        var modelRows = trainer.Method.Inputs.FirstOrDefault(i => i.Port == "table")?.Rows
            ?? throw new CodeGenException($"step '{trainer.Name}': the served model was made without a table, so its inputs are unknown");
        var options = plan.Document.Parameters.Select(p => new TrainingOption(
            p.Name,
            CSharpNames.Pascal(p.Name),
            p.Type switch { ParameterType.Integer => "int", ParameterType.Number => "double", ParameterType.Boolean => "bool", _ => "string" },
            code.OptionDefaults.TryGetValue(CSharpNames.Pascal(p.Name), out var chosen) ? chosen : Literal(p.Type, plan.ParameterValues[p.Name]),
            p.Description)).ToLookup(o => code.ReadOptions.Contains(o.Property));
        return new EmittedPipeline(
            code,
            steps,
            [.. options[true]],
            [.. options[false]],
            outputs,
            served.Variable,
            evaluation?.Arguments[1],
            evaluation?.Variables["metrics"],
            new RunArtifacts(
                artifact(served.Source.Step, served.Source.Port, true)!,
                evaluation is null ? null : artifact(evaluation.Name, "table", false),
                evaluation is null ? null : artifact(evaluation.Name, "metrics", true))
            {
                Files = outputs.Where(o => o.Type == "DataFile").ToDictionary(o => o.Name, o => artifact(o.Source.Step, o.Source.Port, true)!),
                OtherMetrics = outputs.Where(o => o.Type == "IReadOnlyDictionary<string, double>" && o.Variable != evaluation?.Variables["metrics"]).ToDictionary(o => o.Name, o => artifact(o.Source.Step, o.Source.Port, true)!),
            },
            modelRows,
            evaluation?.Method.Inputs.Single(i => i.Port == "table").Rows);
    }

    /// <summary>
    /// The steps with method names that hide nothing the generated code refers to: a step named like a helper,
    /// a row class, a shared member or a .NET type it uses gets "Step" appended (and a number if still taken).
    /// </summary>
    private static List<EmittedStep> MethodNames(CodeModel code, List<EmittedStep> steps)
    {
        var taken = new HashSet<string>(GeneratedNames, StringComparer.Ordinal) { code.Name + "Training", code.InputClass, code.PredictionClass };
        taken.UnionWith(code.RowClasses.SelectMany(r => new[] { r.Name, r.FieldsName }));
        taken.UnionWith(code.Members.Keys.Select(k => k.Split('(')[0]));
        return steps.Select(step =>
        {
            var name = step.MethodName;
            var unique = taken.Contains(name) ? name + "Step" : name;
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = name + "Step" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return step with { MethodName = unique };
        }).ToList();
    }

    /// <summary>Types and members the generated training code names, which a step's method must not hide.</summary>
    private static readonly string[] GeneratedNames =
    [
        "Run", "EvaluationRows", "DataSplit", "DataFolds", "DateText", "DatePartValues", "DatePartsFactory", "TrainedModel", "TrainingOptions",
        "TrainingResult", "Math", "Array", "Random", "Enumerable", "Comparer", "StringComparer", "CultureInfo", "NumberStyles", "HashSet", "List",
        "Dictionary", "KeyValuePair", "InvalidDataException", "ArgumentNullException", "MLContext", "TextLoader", "DataKind", "TransformerChain",
        "MissingValueReplacingEstimator", "VBuffer", "File", "Path", "String", "Double", "Boolean",
    ];

    /// <summary>Whether a step makes only files, none of them a pipeline output or read by another step: in code it would do nothing anyone sees.</summary>
    /// <summary>
    /// Why a step whose outputs no one sees in code is left out on its own, or null: it only writes files that are
    /// neither pipeline outputs nor read by a step (the training app saves the pipeline's outputs), or it makes a
    /// report for people and nothing reads any of its outputs.
    /// </summary>
    private static string? UnseenWhyLeftOut(PipelinePlan plan, PlannedStep step, HashSet<(string Step, string Port)> pipelineOutputs)
    {
        var ports = step.Component.Manifest.Outputs;
        var unused = ports.Count > 0
            && ports.All(p => !pipelineOutputs.Contains((step.Name, p.Name)))
            && plan.Steps.All(other => other.Inputs.Values.All(i => i.Step != step.Name));
        return !unused ? null
            : ports.All(p => p.Kind == ArtifactKind.File) ? "writes a file that is neither a pipeline output nor read by a step, which the training app would not save"
            : MakesReport(step) ? "makes a report for people, and neither a pipeline output nor a step reads what it makes"
            : null;
    }

    /// <summary>Whether a step makes a report for people (HTML), which generated code does not make: the platform's runs do.</summary>
    private static bool MakesReport(PlannedStep step) => step.Component.Manifest.Outputs.Any(p => p.Kind == ArtifactKind.Report);

    /// <summary>The variable an input reads, or why there is none.</summary>
    private static string Argument(StepCode step, string port, PortReference source, Dictionary<(string Step, string Port), string> variables, List<EmittedStep> steps) =>
        variables.TryGetValue((source.Step, source.Port), out var variable) ? variable
        : steps.Any(s => s.Name == source.Step) ? throw step.Unsupported($"input '{port}' reads port '{source.Port}' of step '{source.Step}', which the generated code does not produce")
        : throw step.Unsupported($"input '{port}' comes from a step that was not generated");

    private static string Literal(ParameterType type, object? value) => (type, value) switch
    {
        (ParameterType.Integer, _) => CSharpLiteral.Of(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)),
        (ParameterType.Number, _) => CSharpLiteral.Of(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        (ParameterType.Boolean, bool b) => CSharpLiteral.Of(b),
        _ => CSharpLiteral.Of(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Step parameters whose value is exactly <c>${params.NAME}</c>: they read the training option.</summary>
    private static Dictionary<string, string> Bindings(StepDefinition step) =>
        step.Parameters
            .Where(p => p.Value.Scalar is { } s && s.StartsWith("${params.", StringComparison.Ordinal) && s.EndsWith('}') && s.IndexOf('}') == s.Length - 1)
            .ToDictionary(p => p.Name, p => p.Value.Scalar!["${params.".Length..^1]);

    private static string? Artifact(Workspace workspace, IReadOnlyList<LineageRecord> lineage, string step, string port, bool output) =>
        lineage.FirstOrDefault(l => l.Step == step && l.Port == port && l.IsOutput == output) is { } record ? workspace.Artifacts.PathOf(record.Sha256) : null;
}

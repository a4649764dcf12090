using System.Diagnostics;
using Loom.Cli.Commands;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Gates;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Validation;
using Loom.Registry;
using Loom.Sdk;

namespace Loom.Cli.Ci;

/// <summary>
/// What <c>loom ci</c> checks in a repository of Loom pipelines: every pipeline validates, every custom component
/// under <c>components/</c> passes the quality gate, every pipeline marked <c>ci: smoke</c> runs with its default
/// parameters, every pipeline with an <c>sla</c> section meets it in a scale test at its <c>at</c> multiplier (with its
/// default parameters), every gate under <c>gates/</c> is well formed.
/// </summary>
internal sealed class CiChecks(Workspace workspace, ComponentCatalog catalog, Func<string, bool> isBuiltIn, Action<CiCase> report)
{
    private readonly List<CiCase> cases = [];

    public async Task<IReadOnlyList<CiCase>> RunAsync(CancellationToken cancellationToken)
    {
        var smoke = new List<(string File, string Yaml, PipelinePlan Plan)>();
        var sla = new List<(string File, string Yaml, PipelinePlan Plan)>();
        foreach (var file in Files("pipelines", "*.yaml", "*.yml"))
        {
            await CheckAsync("pipelines", file, async () =>
            {
                var yaml = await PipelineFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
                var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, Relative(file)), catalog, requireValues: false);
                if (plan.Document.Ci == "smoke")
                {
                    smoke.Add((file, yaml, plan));
                }

                if (plan.Document.Sla is not null)
                {
                    sla.Add((file, yaml, plan));
                }
            }).ConfigureAwait(false);
        }

        foreach (var folder in ComponentFolders())
        {
            await CheckAsync("components", folder, () => ComponentAsync(folder, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var (file, yaml, plan) in smoke)
        {
            await CheckAsync("smoke", file, () => SmokeAsync(file, yaml, plan, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var (file, yaml, plan) in sla)
        {
            await CheckAsync("sla", file, () => SlaAsync(file, yaml, plan.Document.Sla!, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var file in Files("gates", "*.yaml", "*.yml"))
        {
            await CheckAsync("gates", file, async () => GateParser.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), Relative(file))).ConfigureAwait(false);
        }

        return cases;
    }

    private async Task SmokeAsync(string file, string yaml, PipelinePlan validated, CancellationToken cancellationToken)
    {
        // Planned again with every parameter given its default: a smoke run uses the pipeline's sample data.
        var plan = PipelinePlanner.Plan(validated.Document, catalog, new Dictionary<string, string>());
        var executor = workspace.CreateExecutor(catalog, workspace.CreateExecutorOptions(confineInputFiles: true));
        var result = await executor.RunAsync(new RunRequest(plan, yaml, new Dictionary<string, string>(), GitInfo.CommitOf(file)), null, cancellationToken).ConfigureAwait(false);
        if (result.Run.Status != RunStatus.Succeeded)
        {
            var failed = result.Steps.Where(s => s.Error is not null).Select(s => $"step '{s.Name}': {s.Error}");
            throw new LoomException($"run {result.Run.Id} {result.Run.Status.ToString().ToLowerInvariant()}: {result.Run.Error}\n{string.Join("\n", failed)}");
        }
    }

    /// <summary>A scale test at the multiplier the targets hold at; the accuracy comparison only when a target needs it.</summary>
    private async Task SlaAsync(string file, string yaml, ServiceLevels levels, CancellationToken cancellationToken)
    {
        var request = new Scale.ScaleTestRequest(yaml, Relative(file), new Dictionary<string, string>(), GitInfo.CommitOf(file), [levels.At], AccuracySample: levels.MaxAccuracyLoss is null ? null : 0.1, ConfineInputFiles: true);
        var report = await new Scale.ScaleTest(workspace, catalog).RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
        var html = await Scale.ScaleReportStore.SaveAsync(workspace, report, CancellationToken.None).ConfigureAwait(false);
        if (!report.Passed)
        {
            throw new LoomException(string.Join("\n", report.Problems) + $"\nreport: {Relative(html)}");
        }
    }

    private async Task ComponentAsync(string folder, CancellationToken cancellationToken)
    {
        var gate = ComponentPublishing.GateOfThisProgram() ?? throw new LoomException("this loom carries no Loom.Sdk package to build components with; install it again with ./run.sh");
        var temporary = Directory.CreateTempSubdirectory("loom-ci-").FullName;
        try
        {
            // The copy goes into a new folder, as an upload does.
            var staging = Path.Combine(temporary, Path.GetFileName(folder));
            await ComponentUpload.CopyFolderAsync(folder, staging, UploadLimits.Default, cancellationToken).ConfigureAwait(false);
            using var outcome = await gate.CheckAsync(staging, isBuiltIn, cancellationToken).ConfigureAwait(false);
            if (!outcome.Report.Passed)
            {
                throw new LoomException(outcome.Report.ToText());
            }
        }
        finally
        {
            Folders.TryDelete(temporary);
        }
    }

    private async Task CheckAsync(string suite, string path, Func<Task> check)
    {
        var clock = Stopwatch.StartNew();
        string? failure = null;
        try
        {
            await check().ConfigureAwait(false);
        }
        catch (PipelineValidationException e)
        {
            // One problem a line, each with its file, line and column.
            failure = string.Join("\n", e.Errors.Select(error => error.ToString()));
        }
        catch (LoomException e)
        {
            failure = e.Message;
        }

        var done = new CiCase(suite, Relative(path), clock.Elapsed.TotalSeconds, failure);
        cases.Add(done);
        report(done);
    }

    private string Relative(string path) => Path.GetRelativePath(workspace.Root, path).Replace('\\', '/');

    private IEnumerable<string> Files(string folder, params string[] patterns)
    {
        var root = Path.Combine(workspace.Root, folder);
        return Directory.Exists(root)
            ? patterns.SelectMany(p => Directory.EnumerateFiles(root, p, SearchOption.AllDirectories)).Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>Folders directly under <c>components/</c> that hold a C# project.</summary>
    private IEnumerable<string> ComponentFolders()
    {
        var root = Path.Combine(workspace.Root, "components");
        return Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Where(d => Directory.EnumerateFiles(d, "*.csproj", SearchOption.AllDirectories).Any()).Order(StringComparer.Ordinal)
            : [];
    }
}

using System.Globalization;
using System.Text.Json;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.Execution.Registry.Lineage;

/// <summary>Lineage queries over a workspace's records: a model version back to its raw data and code; a dataset forward to every run and model that used it.</summary>
public sealed class LineageQueries(Workspace workspace, ComponentCatalog catalog)
{
    /// <summary>The model version, the step that wrote it, and every step and artifact upstream of it in its run, with the code behind each step.</summary>
    public async Task<LineageGraph> OfModelAsync(ModelVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var builder = new Builder();
        var root = $"model:{version.Name}@{version.Version}";
        builder.Node(root, "model_version", $"{version.Name} version {version.Version}", new Dictionary<string, string?>
        {
            ["registered_by"] = version.RegisteredBy,
            ["registered_at"] = version.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
            ["pipeline"] = $"{version.PipelineName}@{version.PipelineVersion[..12]}",
            ["git_commit"] = version.GitCommit,
        });
        var run = await RunAsync(version.RunId, cancellationToken).ConfigureAwait(false);
        var lineage = await workspace.Store.GetLineageAsync(run.Id, cancellationToken).ConfigureAwait(false);
        await UpstreamAsync(builder, run, lineage, version.ArtifactSha256, cancellationToken).ConfigureAwait(false);
        builder.Edge(Artifact(version.ArtifactSha256), root, "registered");
        return builder.Build(root);
    }

    /// <summary>
    /// An artifact (a dataset, usually), every step of every run that read or wrote it, and every registered model
    /// version whose run used it upstream of the model.
    /// </summary>
    /// <exception cref="LoomException">No run read or wrote an artifact with that hash, or the prefix fits several.</exception>
    public async Task<LineageGraph> OfArtifactAsync(string sha256Prefix, CancellationToken cancellationToken)
    {
        var prefix = sha256Prefix.ToLowerInvariant();
        if (prefix.Length < 6 || !prefix.All(char.IsAsciiHexDigitLower))
        {
            throw new LoomException($"'{sha256Prefix}' is not an artifact hash; give at least 6 of its hex digits");
        }

        var uses = await workspace.Store.FindArtifactUsesAsync(prefix, cancellationToken).ConfigureAwait(false);
        var hashes = uses.Select(u => u.Sha256).Distinct().ToList();
        var sha = hashes.Count switch
        {
            0 => throw new RegistryNotFoundException($"no run read or wrote an artifact whose hash starts with {prefix}"),
            1 => hashes[0],
            _ => throw new LoomException($"{prefix} starts the hashes of {hashes.Count} artifacts; give more digits"),
        };

        var builder = new Builder();
        var root = Artifact(sha);
        var kind = uses[0].Kind;
        builder.Node(root, "artifact", $"{kind.ToString().ToLowerInvariant()} {sha[..12]}", new Dictionary<string, string?> { ["sha256"] = sha });
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (var use in uses)
        {
            runs[use.RunId] = runs.TryGetValue(use.RunId, out var known) ? known : await RunAsync(use.RunId, cancellationToken).ConfigureAwait(false);
            var steps = await workspace.Store.GetStepsAsync(use.RunId, cancellationToken).ConfigureAwait(false);
            var step = StepNode(builder, runs[use.RunId], steps.Single(s => s.Name == use.Step), null);
            if (use.IsOutput)
            {
                builder.Edge(step, root, use.Port);
            }
            else
            {
                builder.Edge(root, step, use.Port);
            }
        }

        foreach (var version in await workspace.Store.ListModelVersionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (runs.ContainsKey(version.RunId))
            {
                var lineage = await workspace.Store.GetLineageAsync(version.RunId, cancellationToken).ConfigureAwait(false);
                if (Upstream(lineage, version.ArtifactSha256).Contains(sha))
                {
                    var node = $"model:{version.Name}@{version.Version}";
                    builder.Node(node, "model_version", $"{version.Name} version {version.Version}", new Dictionary<string, string?> { ["run"] = version.RunId });
                    builder.Edge(root, node, "used by");
                }
            }
        }

        return builder.Build(root);
    }

    /// <summary>Adds the artifact, the step of the run that wrote it, that step's inputs, and so on back to steps that read no artifact.</summary>
    private async Task UpstreamAsync(Builder builder, RunRecord run, IReadOnlyList<LineageRecord> lineage, string sha, CancellationToken cancellationToken)
    {
        var steps = await workspace.Store.GetStepsAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var plan = Plan(run);
        var pending = new Stack<string>([sha]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var artifact))
        {
            if (!seen.Add(artifact))
            {
                continue;
            }

            foreach (var written in lineage.Where(l => l.IsOutput && l.Sha256 == artifact))
            {
                builder.Node(Artifact(artifact), "artifact", $"{written.Kind.ToString().ToLowerInvariant()} {artifact[..12]}", new Dictionary<string, string?> { ["sha256"] = artifact });
                var inputs = lineage.Where(l => l.Step == written.Step && !l.IsOutput).ToList();
                var step = StepNode(builder, run, steps.Single(s => s.Name == written.Step), inputs.Count == 0 ? plan?.Steps.FirstOrDefault(s => s.Name == written.Step) : null);
                builder.Edge(step, Artifact(artifact), written.Port);
                foreach (var input in inputs)
                {
                    // A file a step read through a parameter (raw data, usually) is named by the parameter's value.
                    var parameter = input.Port.StartsWith("params.", StringComparison.Ordinal)
                        && plan?.Steps.FirstOrDefault(s => s.Name == written.Step)?.Parameters.GetValueOrDefault(input.Port["params.".Length..]) is { } value
                        ? Text(value)
                        : null;
                    builder.Node(Artifact(input.Sha256), "artifact", $"{input.Kind.ToString().ToLowerInvariant()} {input.Sha256[..12]}", new Dictionary<string, string?> { ["sha256"] = input.Sha256, ["path"] = parameter });
                    builder.Edge(Artifact(input.Sha256), step, input.Port);
                    pending.Push(input.Sha256);
                }
            }
        }
    }

    /// <summary>The artifacts upstream of (and including) one, within a run.</summary>
    private static HashSet<string> Upstream(IReadOnlyList<LineageRecord> lineage, string sha)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([sha]);
        while (pending.TryPop(out var artifact))
        {
            if (found.Add(artifact))
            {
                foreach (var step in lineage.Where(l => l.IsOutput && l.Sha256 == artifact).Select(l => l.Step))
                {
                    foreach (var input in lineage.Where(l => l.Step == step && !l.IsOutput))
                    {
                        pending.Push(input.Sha256);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>A step's node: its component (the code), its run's pipeline version and commit, and for a step that reads no artifact (raw data) its parameters.</summary>
    private static string StepNode(Builder builder, RunRecord run, StepRecord step, PlannedStep? source)
    {
        var id = $"step:{run.Id}/{step.Name}";
        var details = new Dictionary<string, string?>
        {
            ["component"] = step.Component,
            ["run"] = run.Id,
            ["pipeline"] = $"{run.PipelineName}@{run.PipelineVersion[..12]}",
            ["git_commit"] = run.GitCommit,
            ["cache_hit"] = step.CacheHit ? "true" : null,
        };
        if (source is not null)
        {
            details["parameters"] = string.Join(", ", source.Parameters.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Text(p.Value)}"));
        }

        builder.Node(id, "step", $"{step.Name} ({step.Component}) in run {run.Id}", details);
        return id;
    }

    private PipelinePlan? Plan(RunRecord run)
    {
        try
        {
            return PipelinePlanner.Plan(PipelineParser.Parse(run.PipelineYaml, run.PipelineFile), catalog, JsonSerializer.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? []);
        }
        catch (LoomException)
        {
            // A component of the run is no longer known here: the graph goes without its source parameters.
            return null;
        }
    }

    private async Task<RunRecord> RunAsync(string id, CancellationToken cancellationToken) =>
        await workspace.Store.FindRunAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryNotFoundException($"run {id} is not in this workspace's records");

    private static string Artifact(string sha) => $"artifact:{sha}";

    private static string Text(object? value) => value switch
    {
        IEnumerable<string> list => "[" + string.Join(", ", list) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    /// <summary>Collects nodes and edges once each, in the order found.</summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, LineageNode> nodes = new(StringComparer.Ordinal);
        private readonly List<LineageNode> order = [];
        private readonly HashSet<LineageEdge> edges = [];
        private readonly List<LineageEdge> edgeOrder = [];

        public void Node(string id, string kind, string label, IReadOnlyDictionary<string, string?> details)
        {
            if (!nodes.ContainsKey(id))
            {
                nodes[id] = new LineageNode(id, kind, label, details);
                order.Add(nodes[id]);
            }
        }

        public void Edge(string from, string to, string label)
        {
            var edge = new LineageEdge(from, to, label);
            if (edges.Add(edge))
            {
                edgeOrder.Add(edge);
            }
        }

        public LineageGraph Build(string root) => new(root, order, edgeOrder);
    }
}

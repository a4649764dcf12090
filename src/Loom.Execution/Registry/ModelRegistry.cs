using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loom.Metadata.Records;
using Loom.Sdk;

namespace Loom.Execution.Registry;

/// <summary>
/// The model registry of a workspace: named models whose versions are model artifacts of succeeded runs, with the
/// metrics and lineage behind each; aliases (such as <c>production</c>) that move between versions, every move
/// recorded with who, when and why; rollback to the version an alias held before.
/// </summary>
/// <param name="workspace">The workspace whose registry this is.</param>
/// <param name="baselines">Records each new version's training baseline, or null to record none.</param>
public sealed partial class ModelRegistry(Workspace workspace, IBaselineRecorder? baselines = null)
{
    /// <summary>Registers the model a run's step wrote on a port as the next version of <paramref name="name"/>.</summary>
    /// <exception cref="LoomException">The name is not valid, the run did not succeed, or the port holds no model.</exception>
    public async Task<ModelVersionRecord> RegisterAsync(RunRecord run, string stepPort, string name, string user, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stepPort);
        CheckName(name);
        if (run.Status != RunStatus.Succeeded)
        {
            throw new RegistryConflictException($"run {run.Id} is {run.Status.ToString().ToLowerInvariant()}; register models of succeeded runs");
        }

        var dot = stepPort.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == stepPort.Length - 1)
        {
            throw new LoomException($"'{stepPort}' is not STEP.PORT, such as train.model");
        }

        var (step, port) = (stepPort[..dot], stepPort[(dot + 1)..]);
        var lineage = await workspace.Store.GetLineageAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var written = lineage.Where(l => l.Step == step && l.IsOutput).ToList();
        if (written.Count == 0)
        {
            throw new LoomException($"run {run.Id} has no step '{step}' that wrote outputs; its steps with outputs are {string.Join(", ", lineage.Where(l => l.IsOutput).Select(l => l.Step).Distinct())}");
        }

        var model = written.FirstOrDefault(l => l.Port == port)
            ?? throw new LoomException($"step '{step}' of run {run.Id} wrote no output '{port}'; it wrote {string.Join(", ", written.Select(l => l.Port))}");
        if (model.Kind != ArtifactKind.Model)
        {
            throw new LoomException($"{stepPort} of run {run.Id} is a {model.Kind.ToString().ToLowerInvariant()}, not a model");
        }

        // Read (and so marked used) before it is recorded: a version always has its model, and a garbage collection
        // running meanwhile keeps it.
        if (await workspace.Artifacts.TryGetVerifiedPathAsync(model.Sha256, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RegistryConflictException($"the model {stepPort} of run {run.Id} wrote is no longer in the artifact store (loom gc deleted it, or it was damaged); run the pipeline again and register that run's model");
        }

        var steps = await workspace.Store.GetStepsAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var record = new ModelVersionRecord(
            name,
            0,
            run.Id,
            step,
            port,
            model.Sha256,
            run.PipelineName,
            run.PipelineVersion,
            run.GitCommit,
            Metrics(model, lineage, steps).ToJsonString(),
            Lineage(run, model, lineage, steps).ToJsonString(),
            user,
            DateTimeOffset.UtcNow,
            description);
        if (baselines is not null)
        {
            record = record with { BaselineSha256 = await baselines.RecordAsync(record, cancellationToken).ConfigureAwait(false) };
        }

        return await workspace.Store.RegisterModelVersionAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A version of a model: the latest when <paramref name="versionOrAlias"/> is null, else that version or the one that alias points at.</summary>
    /// <exception cref="LoomException">No such model, version or alias.</exception>
    public Task<ModelVersionRecord> FindAsync(string name, string? versionOrAlias, CancellationToken cancellationToken) =>
        ModelLookup.FindAsync(workspace.Store, name, versionOrAlias, cancellationToken);

    /// <summary>
    /// Points an alias at a version; the move recorded, with the report of the gate it passed when one was checked
    /// (<paramref name="gate"/>, from <see cref="Gates.GateChecker"/>; null to move without one).
    /// </summary>
    /// <exception cref="LoomException">
    /// No such version, the alias holds it already, the gate did not pass (or was checked for another version, alias
    /// or holder), or another writer moved the alias meanwhile.
    /// </exception>
    public async Task<AliasMove> PromoteAsync(string name, int version, string alias, string actor, string? reason, Gates.GateReport? gate, CancellationToken cancellationToken)
    {
        CheckAlias(alias);
        var versions = await VersionsAsync(name, cancellationToken).ConfigureAwait(false);
        if (versions.All(v => v.Version != version))
        {
            throw new RegistryNotFoundException($"model '{name}' has no version {version}; its versions are 1 to {versions[^1].Version}");
        }

        var holder = (await workspace.Store.GetModelAliasesAsync(name, cancellationToken).ConfigureAwait(false)).TryGetValue(alias, out var current) ? current : (int?)null;
        if (holder == version)
        {
            throw new RegistryConflictException($"'{alias}' of model '{name}' is version {version} already");
        }

        if (gate is not null)
        {
            if (gate.Model != name || gate.Version != version || gate.Alias != alias)
            {
                throw new LoomException($"the gate's report is for {gate.Model} version {gate.Version} to '{gate.Alias}', not {name} version {version} to '{alias}'");
            }

            if (!gate.Passed)
            {
                throw new LoomException($"{name} version {version} did not pass gate '{gate.Gate}': {string.Join("; ", gate.Outcomes.Where(o => !o.Passed).Select(o => $"{o.Rule}: {o.Detail}"))}");
            }

            if (gate.Holder != holder)
            {
                throw new RegistryConflictException($"'{alias}' of model '{name}' moved to version {holder?.ToString(CultureInfo.InvariantCulture) ?? "none"} after the gate was checked against version {gate.Holder?.ToString(CultureInfo.InvariantCulture) ?? "none"}; check the gate again");
            }
        }

        var gateJson = gate is null ? null : JsonSerializer.Serialize(gate, LoomJson.Options);
        return await MoveAsync(new AliasMove(name, alias, holder, version, "promote", actor, DateTimeOffset.UtcNow, reason, gateJson), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an alias back to the version it held before its current holder was promoted to it; rolling back again
    /// goes further back.
    /// </summary>
    /// <exception cref="LoomException">The alias is not set, or no version held it before.</exception>
    public async Task<AliasMove> RollbackAsync(string name, string alias, string actor, string? reason, CancellationToken cancellationToken)
    {
        await VersionsAsync(name, cancellationToken).ConfigureAwait(false);
        var aliases = await workspace.Store.GetModelAliasesAsync(name, cancellationToken).ConfigureAwait(false);
        if (!aliases.TryGetValue(alias, out var current))
        {
            throw new RegistryNotFoundException($"model '{name}' has no alias '{alias}'{(aliases.Count > 0 ? $"; its aliases are {string.Join(", ", aliases.Keys)}" : "")}");
        }

        var moves = await workspace.Store.ListAliasMovesAsync(name, cancellationToken).ConfigureAwait(false);
        var promotion = moves.LastOrDefault(m => m.Alias == alias && m.Action == "promote" && m.To == current);
        if (promotion?.From is not { } previous)
        {
            throw new RegistryConflictException($"'{alias}' of model '{name}' is version {current}, and no version held it before; there is nothing to roll back to");
        }

        return await MoveAsync(new AliasMove(name, alias, current, previous, "rollback", actor, DateTimeOffset.UtcNow, reason), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a person's approval of a version.</summary>
    public async Task<ModelApproval> ApproveAsync(string name, int version, string approver, string? comment, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(name, cancellationToken).ConfigureAwait(false);
        if (versions.All(v => v.Version != version))
        {
            throw new RegistryNotFoundException($"model '{name}' has no version {version}; its versions are 1 to {versions[^1].Version}");
        }

        var approval = new ModelApproval(name, version, approver, DateTimeOffset.UtcNow, comment);
        await workspace.Store.ApproveModelVersionAsync(approval, cancellationToken).ConfigureAwait(false);
        return approval;
    }

    /// <summary>The versions of a model, oldest first.</summary>
    /// <exception cref="LoomException">No model of that name is registered.</exception>
    public Task<IReadOnlyList<ModelVersionRecord>> VersionsAsync(string name, CancellationToken cancellationToken) =>
        ModelLookup.VersionsAsync(workspace.Store, name, cancellationToken);

    private async Task<AliasMove> MoveAsync(AliasMove move, CancellationToken cancellationToken) =>
        await workspace.Store.MoveModelAliasAsync(move, cancellationToken).ConfigureAwait(false)
            ? move
            : throw new RegistryConflictException($"'{move.Alias}' of model '{move.Model}' was moved by someone else meanwhile; look at 'loom models history {move.Model}' and try again");

    /// <summary>The metrics of the run's evaluations of the model, by evaluating step.</summary>
    private JsonObject Metrics(LineageRecord model, IReadOnlyList<LineageRecord> lineage, IReadOnlyList<StepRecord> steps)
    {
        var metrics = new JsonObject();
        foreach (var reader in lineage.Where(l => !l.IsOutput && l.Sha256 == model.Sha256 && l.Step != model.Step).Select(l => l.Step).Distinct())
        {
            var component = steps.FirstOrDefault(s => s.Name == reader)?.Component ?? "";
            if (!component.StartsWith("evaluate.", StringComparison.Ordinal)
                || lineage.FirstOrDefault(l => l.Step == reader && l.IsOutput && l.Kind == ArtifactKind.Metrics) is not { } written)
            {
                continue;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(workspace.Artifacts.PathOf(written.Sha256)));
            if (document.RootElement.TryGetProperty("metrics", out var values))
            {
                metrics[reader] = JsonNode.Parse(values.GetRawText());
            }
        }

        return metrics;
    }

    /// <summary>What the model came from: the steps upstream of it, each with its component and the artifacts it read and wrote; the run's parameters.</summary>
    private static JsonObject Lineage(RunRecord run, LineageRecord model, IReadOnlyList<LineageRecord> lineage, IReadOnlyList<StepRecord> steps)
    {
        var upstream = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([model.Step]);
        while (pending.TryPop(out var step))
        {
            if (!upstream.Add(step))
            {
                continue;
            }

            foreach (var input in lineage.Where(l => l.Step == step && !l.IsOutput))
            {
                foreach (var producer in lineage.Where(l => l.IsOutput && l.Sha256 == input.Sha256).Select(l => l.Step))
                {
                    pending.Push(producer);
                }
            }
        }

        var stepsNode = new JsonObject();
        foreach (var step in upstream)
        {
            stepsNode[step] = new JsonObject
            {
                ["component"] = steps.FirstOrDefault(s => s.Name == step)?.Component,
                ["inputs"] = Ports(lineage.Where(l => l.Step == step && !l.IsOutput)),
                ["outputs"] = Ports(lineage.Where(l => l.Step == step && l.IsOutput)),
            };
        }

        return new JsonObject
        {
            ["parameters"] = JsonNode.Parse(run.ParametersJson),
            ["steps"] = stepsNode,
        };
    }

    private static JsonObject Ports(IEnumerable<LineageRecord> records) =>
        new(records.OrderBy(l => l.Port, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Port, (JsonNode?)JsonValue.Create(l.Sha256))));

    private static void CheckName(string name)
    {
        if (!Name().IsMatch(name ?? ""))
        {
            throw new LoomException($"model name '{name}' must start with a letter and hold only lower-case letters, digits, '.', '-' and '_', such as 'churn'");
        }
    }

    /// <summary>Refuses a name that cannot be an alias.</summary>
    /// <exception cref="LoomException">It cannot.</exception>
    public static void CheckAlias(string alias)
    {
        if (!Name().IsMatch(alias ?? ""))
        {
            throw new LoomException($"alias '{alias}' must start with a letter and hold only lower-case letters, digits, '.', '-' and '_', such as 'production'");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$")]
    private static partial Regex Name();
}

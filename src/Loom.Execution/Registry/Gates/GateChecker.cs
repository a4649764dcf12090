using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Gates;
using Loom.Sdk;
using Loom.Sdk.Models;
using Microsoft.ML;

namespace Loom.Execution.Registry.Gates;

/// <summary>
/// Checks a model version against a gate before an alias moves to it: metric thresholds, comparisons with the
/// version an alias holds (measured on the candidate's evaluation data), data checks against the target alias's
/// holder, and approvals.
/// </summary>
public sealed class GateChecker(Workspace workspace, ComponentCatalog catalog)
{
    /// <summary>Checks <paramref name="candidate"/> for a move of <paramref name="alias"/>; every rule is checked, none stops the others.</summary>
    public async Task<GateReport> CheckAsync(GateDocument gate, ModelVersionRecord candidate, string alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(candidate);
        var versions = await workspace.Store.ListModelVersionsAsync(candidate.Name, cancellationToken).ConfigureAwait(false);
        var aliases = await workspace.Store.GetModelAliasesAsync(candidate.Name, cancellationToken).ConfigureAwait(false);
        ModelVersionRecord? HolderOf(string name) => aliases.TryGetValue(name, out var held) ? versions.Single(v => v.Version == held) : null;

        var baselines = new BaselineMetrics(workspace, catalog);
        var outcomes = new List<GateOutcome>();
        foreach (var rule in gate.Metrics)
        {
            outcomes.Add(await MetricAsync(rule, candidate, rule.Baseline is { } baseline ? (baseline, HolderOf(baseline)) : null, baselines, cancellationToken).ConfigureAwait(false));
        }

        var holder = HolderOf(alias);
        if (gate.SchemaUnchanged)
        {
            outcomes.Add(await SchemaAsync(candidate, holder, alias, cancellationToken).ConfigureAwait(false));
        }

        if (gate.NoNewMissingValues)
        {
            outcomes.Add(await MissingValuesAsync(candidate, holder, alias, cancellationToken).ConfigureAwait(false));
        }

        if (gate.Approvals > 0)
        {
            outcomes.Add(await ApprovalsAsync(gate.Approvals, candidate, cancellationToken).ConfigureAwait(false));
        }

        return new GateReport(gate.Name, candidate.Name, candidate.Version, alias, holder?.Version, outcomes);
    }

    private static async Task<GateOutcome> MetricAsync(MetricRule rule, ModelVersionRecord candidate, (string Alias, ModelVersionRecord? Holder)? baseline, BaselineMetrics baselines, CancellationToken cancellationToken)
    {
        var metrics = JsonNode.Parse(candidate.MetricsJson)!.AsObject();
        var evaluations = metrics.Where(e => e.Value is JsonObject values && values.ContainsKey(rule.Metric)).Select(e => e.Key).ToList();
        if (rule.Step is { } named)
        {
            evaluations = evaluations.Where(e => e == named).ToList();
        }

        var all = string.Join(", ", metrics.SelectMany(e => (e.Value as JsonObject ?? []).Select(m => $"{e.Key}.{m.Key}")));
        if (evaluations.Count == 0)
        {
            return new GateOutcome(rule.Text, false, $"version {candidate.Version} has no metric {(rule.Step is null ? "" : rule.Step + ".")}{rule.Metric}; {(all.Length > 0 ? $"its metrics are {all}" : "its run evaluated it with no evaluate step")}");
        }

        if (evaluations.Count > 1)
        {
            return new GateOutcome(rule.Text, false, $"{rule.Metric} is measured by steps {string.Join(", ", evaluations)}; name one, such as '{evaluations[0]}.{rule.Metric}'");
        }

        var step = evaluations[0];
        if (Number(metrics[step]![rule.Metric]) is not { } value)
        {
            return new GateOutcome(rule.Text, false, $"{step}.{rule.Metric} of version {candidate.Version} is not a number");
        }

        if (baseline is not { } b)
        {
            return Compared(rule, step, value, rule.Offset, "");
        }

        if (b.Holder is not { } holder)
        {
            return new GateOutcome(rule.Text, true, $"skipped: '{b.Alias}' points at no version of '{candidate.Name}' yet, so there is nothing to compare with", value, Skipped: true);
        }

        IReadOnlyDictionary<string, double> holderMetrics;
        string source;
        try
        {
            (holderMetrics, source) = await baselines.OnSameDataAsync(candidate, step, holder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new GateOutcome(rule.Text, false, $"cannot measure {b.Alias} (version {holder.Version}) on the evaluation data of step '{step}': {e.Message}", value);
        }

        if (!holderMetrics.TryGetValue(rule.BaselineMetric!, out var holderValue))
        {
            return new GateOutcome(rule.Text, false, $"{b.Alias} (version {holder.Version}) has no metric {rule.BaselineMetric} from {step}; its metrics there are {string.Join(", ", holderMetrics.Keys)}");
        }

        var offset = rule.Offset == 0 ? "" : $" {(rule.Offset < 0 ? "-" : "+")} {Text(Math.Abs(rule.Offset))}";
        return Compared(rule, step, value, holderValue + rule.Offset, $" ({b.Alias} is version {holder.Version}: {rule.BaselineMetric} {Text(holderValue)} on the same evaluation data, {source}{offset})");
    }

    private static GateOutcome Compared(MetricRule rule, string step, double value, double threshold, string origin)
    {
        var passed = rule.Holds(value, threshold);
        var verdict = passed ? "meets" : "fails";
        return new GateOutcome(rule.Text, passed, $"{step}.{rule.Metric} {Text(value)} {verdict} {rule.Operator} {Text(threshold)}{origin}", value, threshold);
    }

    private async Task<GateOutcome> SchemaAsync(ModelVersionRecord candidate, ModelVersionRecord? holder, string alias, CancellationToken cancellationToken)
    {
        const string rule = "schema unchanged";
        if (holder is null)
        {
            return new GateOutcome(rule, true, $"skipped: '{alias}' points at no version of '{candidate.Name}' yet, so there is nothing to compare with", Skipped: true);
        }

        if (await InputsAsync(candidate, cancellationToken).ConfigureAwait(false) is not { } mine
            || await InputsAsync(holder, cancellationToken).ConfigureAwait(false) is not { } theirs)
        {
            return new GateOutcome(rule, false, $"the model of version {candidate.Version} or of {alias} (version {holder.Version}) is no longer in the artifact store; their schemas cannot be compared");
        }

        var added = mine.Keys.Except(theirs.Keys).Order(StringComparer.Ordinal).Select(c => $"{c} ({mine[c]})").ToList();
        var removed = theirs.Keys.Except(mine.Keys).Order(StringComparer.Ordinal).ToList();
        var changed = mine.Keys.Intersect(theirs.Keys).Where(c => mine[c] != theirs[c]).Order(StringComparer.Ordinal).Select(c => $"{c} from {theirs[c]} to {mine[c]}").ToList();
        if (added.Count + removed.Count + changed.Count == 0)
        {
            return new GateOutcome(rule, true, $"the model reads the same {mine.Count} input columns, of the same types, as {alias} (version {holder.Version})");
        }

        var differences = new List<string>();
        if (added.Count > 0)
        {
            differences.Add($"added {string.Join(", ", added)}");
        }

        if (removed.Count > 0)
        {
            differences.Add($"removed {string.Join(", ", removed)}");
        }

        if (changed.Count > 0)
        {
            differences.Add($"changed {string.Join(", ", changed)}");
        }

        return new GateOutcome(rule, false, $"input columns differ from {alias} (version {holder.Version}): {string.Join("; ", differences)}");
    }

    private async Task<Dictionary<string, string>?> InputsAsync(ModelVersionRecord version, CancellationToken cancellationToken) =>
        await workspace.Artifacts.TryGetVerifiedPathAsync(version.ArtifactSha256, cancellationToken).ConfigureAwait(false) is { } path
            ? ModelPackage.Load(new MLContext(0), path).Card.Inputs.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal)
            : null;

    private async Task<GateOutcome> MissingValuesAsync(ModelVersionRecord candidate, ModelVersionRecord? holder, string alias, CancellationToken cancellationToken)
    {
        const string rule = "missing_values no-new-columns";
        if (holder is null)
        {
            return new GateOutcome(rule, true, $"skipped: '{alias}' points at no version of '{candidate.Name}' yet, so there is nothing to compare with", Skipped: true);
        }

        var data = new TrainingData(workspace);
        IReadOnlyDictionary<string, long> mine, theirs;
        try
        {
            mine = await data.MissingValuesAsync(candidate, cancellationToken).ConfigureAwait(false);
            theirs = await data.MissingValuesAsync(holder, cancellationToken).ConfigureAwait(false);
        }
        catch (LoomException e)
        {
            return new GateOutcome(rule, false, e.Message);
        }

        var fresh = mine.Where(c => !theirs.ContainsKey(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        return fresh.Count == 0
            ? new GateOutcome(rule, true, $"every column with missing values in the training data ({(mine.Count == 0 ? "none" : string.Join(", ", mine.Keys.Order(StringComparer.Ordinal)))}) had missing values in {alias}'s (version {holder.Version}) too")
            : new GateOutcome(rule, false, $"columns with missing values in the training data where {alias}'s (version {holder.Version}) had none: {string.Join(", ", fresh.Select(c => $"{c.Key} ({c.Value.ToString(CultureInfo.InvariantCulture)} rows)"))}");
    }

    private async Task<GateOutcome> ApprovalsAsync(int needed, ModelVersionRecord candidate, CancellationToken cancellationToken)
    {
        var rule = $"approvals {needed}";
        var approvers = (await workspace.Store.ListModelApprovalsAsync(candidate.Name, cancellationToken).ConfigureAwait(false))
            .Where(a => a.Version == candidate.Version).Select(a => a.Approver).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return approvers.Count >= needed
            ? new GateOutcome(rule, true, $"approved by {string.Join(", ", approvers)}")
            : new GateOutcome(rule, false, $"needs {needed} approval{(needed == 1 ? "" : "s")} from different people ('loom models approve {candidate.Name} {candidate.Version}'); {(approvers.Count == 0 ? "it has none" : $"it has {approvers.Count}: {string.Join(", ", approvers)}")}");
    }

    internal static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) ? number : null;

    private static string Text(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

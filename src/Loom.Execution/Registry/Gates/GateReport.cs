namespace Loom.Execution.Registry.Gates;

/// <summary>What a gate found for one model version and alias: one outcome per rule, in the gate's order.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version checked.</param>
/// <param name="Alias">The alias it would move to.</param>
/// <param name="Holder">The version the alias held when checked, or null.</param>
/// <param name="Outcomes">Each rule's outcome.</param>
public sealed record GateReport(string Gate, string Model, int Version, string Alias, int? Holder, IReadOnlyList<GateOutcome> Outcomes)
{
    /// <summary>Whether every rule passed.</summary>
    public bool Passed => Outcomes.All(o => o.Passed);
}

/// <summary>One rule's outcome.</summary>
/// <param name="Rule">The rule as written (such as <c>auc &gt;= production.auc - 0.005</c>, <c>schema unchanged</c>).</param>
/// <param name="Passed">Whether it passed; a skipped rule passes.</param>
/// <param name="Detail">The value, the threshold and where they came from; or why the rule was skipped or could not be checked.</param>
/// <param name="Value">The candidate's value, for metric rules that were measured.</param>
/// <param name="Threshold">What it was compared with, for metric rules that were measured.</param>
/// <param name="Skipped">Whether there was nothing to compare with (the alias holds no version yet).</param>
public sealed record GateOutcome(string Rule, bool Passed, string Detail, double? Value = null, double? Threshold = null, bool Skipped = false);

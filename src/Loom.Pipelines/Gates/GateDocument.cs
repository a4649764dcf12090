using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Gates;

/// <summary>
/// What a model version must show before an alias may point at it (<c>kind: Gate</c>): metric rules, absolute or
/// against the alias's current holder, checks of its data against the holder's, and people's approvals.
/// </summary>
/// <param name="Name">The gate's name, shown in reports.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Metrics">Metric rules, in the order written.</param>
/// <param name="SchemaUnchanged">The model's input columns and their types must equal the holder's.</param>
/// <param name="NoNewMissingValues">No column may have missing values in the training data where the holder's training data had none.</param>
/// <param name="Approvals">How many different people must have approved the version.</param>
/// <param name="SourceFile">Where the gate was read from.</param>
public sealed record GateDocument(
    string Name,
    string Description,
    IReadOnlyList<MetricRule> Metrics,
    bool SchemaUnchanged,
    bool NoNewMissingValues,
    int Approvals,
    string SourceFile);

/// <summary>
/// A metric rule such as <c>auc &gt;= 0.82</c> or <c>auc &gt;= production.auc - 0.005</c>: a metric of the candidate
/// against a number, or against the same metric of the version an alias holds, measured on the same evaluation data.
/// </summary>
/// <param name="Text">The rule as written.</param>
/// <param name="Step">The evaluating step, when the rule names one (<c>evaluate.auc</c>).</param>
/// <param name="Metric">The metric.</param>
/// <param name="Operator">How the value must compare with the threshold.</param>
/// <param name="Baseline">The alias whose holder the threshold is measured on, or null for a fixed number.</param>
/// <param name="BaselineMetric">The holder's metric the threshold starts from, or null for a fixed number.</param>
/// <param name="Offset">The fixed number, or what is added to the holder's metric.</param>
/// <param name="Location">Where it is written.</param>
public sealed record MetricRule(
    string Text,
    string? Step,
    string Metric,
    string Operator,
    string? Baseline,
    string? BaselineMetric,
    double Offset,
    SourceLocation Location)
{
    /// <summary>Whether <paramref name="value"/> meets <paramref name="threshold"/>.</summary>
    public bool Holds(double value, double threshold) => Operator switch
    {
        ">=" => value >= threshold,
        ">" => value > threshold,
        "<=" => value <= threshold,
        "<" => value < threshold,
        _ => value == threshold,
    };
}

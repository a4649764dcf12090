namespace Loom.Serving.Monitoring;

/// <summary>How one field (or the prediction) was distributed in the training data.</summary>
/// <param name="Name">The field, or <c>prediction</c>.</param>
/// <param name="Numeric">Whether it is judged as numbers (bins, KS) or as categories (shares, chi-square).</param>
/// <param name="Edges">For numbers: the cut points of ten bins of equal count.</param>
/// <param name="Shares">For numbers: each bin's share of the present values; for categories: each category's share of the present values.</param>
/// <param name="Categories">For categories: the categories, in <paramref name="Shares"/> order.</param>
/// <param name="Sample">For numbers: up to 2,000 present values, sorted, for the KS test.</param>
/// <param name="MissingShare">The share of rows without a value.</param>
public sealed record FieldBaseline(string Name, bool Numeric, double[] Edges, double[] Shares, string[] Categories, double[] Sample, double MissingShare);

/// <summary>The training data's distributions a served version's traffic is compared with.</summary>
/// <param name="Rows">How many training rows it was computed from.</param>
/// <param name="Fields">One per field the model reads, in its order, then the prediction.</param>
public sealed record Baseline(long Rows, IReadOnlyList<FieldBaseline> Fields);

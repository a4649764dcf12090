using Microsoft.Data.Analysis;

namespace Loom.Components.Labels;

/// <summary>A table whose label has been read into <see cref="LabelPreparation.Column"/>, rows with a missing label removed.</summary>
/// <param name="Table">The table with the prepared label column added.</param>
/// <param name="Dropped">How many rows were removed for a missing label.</param>
internal sealed record PreparedData(DataFrame Table, long Dropped);

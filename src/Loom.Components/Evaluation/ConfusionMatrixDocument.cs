namespace Loom.Components.Evaluation;

/// <summary>A confusion matrix: rows are the true classes, columns the predicted ones.</summary>
/// <param name="Classes">Class names, in row and column order.</param>
/// <param name="Counts">Counts[i][j]: rows of true class i predicted as class j.</param>
internal sealed record ConfusionMatrixDocument(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<double>> Counts);

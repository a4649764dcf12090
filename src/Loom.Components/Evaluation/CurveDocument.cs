using Loom.Components.Reporting;

namespace Loom.Components.Evaluation;

/// <summary>A curve in a metrics document: its points (thinned to at most <see cref="MaxPoints"/>) and the area under it.</summary>
/// <param name="Name">Curve name: <c>roc</c> or <c>precision_recall</c>.</param>
/// <param name="XLabel">What x measures.</param>
/// <param name="YLabel">What y measures.</param>
/// <param name="X">x of each point, in order.</param>
/// <param name="Y">y of each point.</param>
/// <param name="Area">Area under the curve, computed from every point before thinning.</param>
internal sealed record CurveDocument(string Name, string XLabel, string YLabel, IReadOnlyList<double> X, IReadOnlyList<double> Y, double Area)
{
    /// <summary>The most points a curve keeps: enough to draw it, small enough for every metrics file.</summary>
    public const int MaxPoints = 201;

    /// <summary>The curve with evenly spaced points kept, always including the first and the last.</summary>
    public static CurveDocument From(Curve curve)
    {
        var count = curve.X.Length;
        var keep = count <= MaxPoints
            ? Enumerable.Range(0, count)
            : Enumerable.Range(0, MaxPoints).Select(i => (int)Math.Round(i * (count - 1) / (double)(MaxPoints - 1))).Distinct();
        var indices = keep.ToArray();
        return new CurveDocument(curve.Name, curve.XLabel, curve.YLabel, [.. indices.Select(i => curve.X[i])], [.. indices.Select(i => curve.Y[i])], curve.Area);
    }
}

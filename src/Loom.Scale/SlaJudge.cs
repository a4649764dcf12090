using System.Globalization;
using Loom.Pipelines.Documents;

namespace Loom.Scale;

/// <summary>Checks a pipeline's service-level targets against the run at their data multiplier.</summary>
internal static class SlaJudge
{
    public static SlaResult Check(ServiceLevels sla, ScalePoint point, AccuracyComparison? accuracy)
    {
        var checks = new List<SlaCheck>();
        if (sla.MaxWall is { } wall)
        {
            checks.Add(new SlaCheck("max_wall", Seconds(wall.TotalSeconds), Seconds(point.WallSeconds), point.WallSeconds <= wall.TotalSeconds));
        }

        if (sla.MaxMemoryBytes is { } memory)
        {
            checks.Add(new SlaCheck("max_memory", Bytes(memory), Bytes(point.PeakResidentBytes), point.PeakResidentBytes <= memory));
        }

        if (sla.MinRowsPerSecond is { } rows)
        {
            checks.Add(new SlaCheck("min_rows_per_second", Number(rows), Number(point.RowsPerSecond), point.RowsPerSecond >= rows));
        }

        if (sla.MaxAccuracyLoss is { } loss)
        {
            checks.Add(accuracy is null
                ? new SlaCheck("max_accuracy_loss", Number(loss), "not measured (the pipeline evaluates no trained model)", false)
                : new SlaCheck("max_accuracy_loss", Number(loss), $"{Number(accuracy.Loss)} ({accuracy.Metric})", accuracy.Loss <= loss));
        }

        return new SlaResult(sla.At, checks);
    }

    public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";

    public static string Bytes(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GB"
        : (bytes / (double)(1L << 20)).ToString("0", CultureInfo.InvariantCulture) + " MB";

    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.####", CultureInfo.InvariantCulture);
}

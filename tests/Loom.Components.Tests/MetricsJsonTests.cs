using System.Text.Json;
using Loom.Components.Evaluation;

namespace Loom.Components.Tests;

/// <summary>Metrics artifacts write NaN and infinities as strings; everything that reads them back must accept them.</summary>
public sealed class MetricsJsonTests
{
    [Fact]
    public void Nan_and_infinite_metrics_read_back_as_numbers()
    {
        using var document = JsonDocument.Parse("""{ "task": "binary", "metrics": { "auc": 0.75, "precision": "NaN", "f1": "Infinity" } }""");
        var metrics = MetricsJson.Metrics(document.RootElement);
        Assert.Equal(0.75, metrics["auc"]);
        Assert.True(double.IsNaN(metrics["precision"]));
        Assert.True(double.IsPositiveInfinity(metrics["f1"]));
    }

    [Fact]
    public void Spreads_are_better_smaller_and_losses_too()
    {
        Assert.True(Loom.Components.Tuning.Trial.HigherIsBetter("auc"));
        Assert.False(Loom.Components.Tuning.Trial.HigherIsBetter("auc_std"));
        Assert.False(Loom.Components.Tuning.Trial.HigherIsBetter("rmse"));
    }
}

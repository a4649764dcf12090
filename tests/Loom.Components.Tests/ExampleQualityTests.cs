using Loom.Testing;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>
/// Each example pipeline, run as shipped on its data, reaches at least the better of the scikit-learn and
/// XGBoost reference results for its dataset, less half a point (AUC, accuracy) or 0.01 (R²).
/// </summary>
public sealed class ExampleQualityTests
{
    public static TheoryData<string, string, string, double> Examples => new()
    {
        // example, pipeline file, metric, floor (reference result less the margin)
        { "telco-churn", "churn.yaml", "auc", 0.8306 - 0.005 },
        { "penguins", "species.yaml", "micro_accuracy", 1.0 - 0.005 },
        { "letter-recognition", "letters.yaml", "micro_accuracy", 0.9680 - 0.005 },
        { "diamonds", "price.yaml", "r2", 0.9826 - 0.01 },
        { "ames-housing", "prices.yaml", "r2", 0.9406 - 0.01 },
        { "fine-foods", "reviews.yaml", "accuracy", 0.80 },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_pipeline_reaches_the_reference_result(string example, string pipeline, string metric, double floor)
    {
        await using var h = await CreateAsync();
        var data = Path.Combine(h.Folder.Path, "data");
        Directory.CreateDirectory(data);
        foreach (var file in Directory.GetFiles(Repository.Path("examples", example, "data"), "*.csv"))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        var result = await h.RunFileOkAsync(Repository.Path("examples", example, "pipelines", pipeline));
        var value = Metric(await h.MetricsAsync(result, "evaluate"), metric);
        Assert.True(value >= floor - 1e-9, $"{example}: {metric} {value:F4} is below {floor:F4}");
    }
}

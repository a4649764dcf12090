using System.Text.Json;
using Loom.Components.Evaluation;
using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Tuning;

/// <summary>Trains a trainer on one table and measures the model on another, in-process, with the matching built-in evaluator.</summary>
internal static class Trial
{
    /// <summary>The metrics where smaller is better (and every spread, <c>_std</c>); all others are better larger.</summary>
    private static readonly HashSet<string> Smaller = ["rmse", "mae", "mse", "log_loss", "average_distance", "davies_bouldin"];

    public static bool HigherIsBetter(string metric) => !Smaller.Contains(metric) && !metric.EndsWith("_std", StringComparison.Ordinal);

    /// <summary>The metric a search optimizes by default for a task.</summary>
    public static string DefaultMetric(string task) => task switch
    {
        "binary" => "auc",
        "multiclass" => "micro_accuracy",
        "regression" => "r2",
        "ranking" => "ndcg@10",
        _ => throw new DataException($"models of task '{task}' have no label to validate against; tuning and cross-validation need a supervised trainer"),
    };

    /// <summary>Writes a table to a file in the context's scratch folder.</summary>
    public static async Task<string> WriteAsync(DataFrame table, ColumnRoles roles, string folder, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, name + ".parquet");
        await using var file = File.Create(path);
        await ParquetTables.WriteAsync(table, file, roles, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Trains on <paramref name="train"/>; returns the model file and its task.</summary>
    public static async Task<(string Model, string Task)> TrainAsync(IComponentContext context, string name, IComponent trainer, string train, string? transform)
    {
        var inputs = new Dictionary<string, string> { ["table"] = train };
        if (transform is not null)
        {
            inputs["transform"] = transform;
        }

        var nested = new NestedContext(context, name, inputs);
        await trainer.ExecuteAsync(nested).ConfigureAwait(false);
        var model = nested.Outputs["model"];
        return (model, ModelFiles.Load(new MLContext(context.Seed), model).Card.Task);
    }

    /// <summary>Measures a model on a table with the evaluator of its task.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> EvaluateAsync(IComponentContext context, string name, string model, string task, string table)
    {
        using var document = await EvaluateDocumentAsync(context, name, model, task, table).ConfigureAwait(false);
        return MetricsJson.Metrics(document.RootElement);
    }

    /// <summary>The whole metrics document of the task's evaluator (metrics, confusion matrix).</summary>
    public static async Task<JsonDocument> EvaluateDocumentAsync(IComponentContext context, string name, string model, string task, string table, string? label = null)
    {
        var evaluator = Evaluator(task, label, context.StepName);
        var nested = new NestedContext(context, name, new Dictionary<string, string> { ["model"] = model, ["table"] = table });
        await evaluator.ExecuteAsync(nested).ConfigureAwait(false);
        await using var file = File.OpenRead(nested.Outputs["metrics"]);
        return await JsonDocument.ParseAsync(file, cancellationToken: context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The built-in evaluator of a supervised task.</summary>
    public static IComponent Evaluator(string task, string? label, string step) => task switch
    {
        "binary" => new EvaluateBinary { Label = label },
        "multiclass" => new EvaluateMulticlass { Label = label },
        "regression" => new EvaluateRegression { Label = label },
        "ranking" => new EvaluateRanking { Label = label },
        _ => throw new DataException($"step '{step}': models of task '{task}' have no label to validate against; tuning and cross-validation need a supervised trainer"),
    };
}

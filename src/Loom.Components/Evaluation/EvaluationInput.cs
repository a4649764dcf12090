using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>Loads a model and a raw table for evaluation, checking the model's task and preparing the label as in training.</summary>
internal static class EvaluationInput
{
    public static async Task<(ModelPackage Model, PreparedData Data)> LoadAsync(MLContext ml, IComponentContext context, string task, string? labelOverride)
    {
        var model = ModelFiles.Load(ml, context.GetInput("model").Path);
        if (model.Card.Task != task)
        {
            throw new DataException($"step '{context.StepName}': the model is a {model.Card.Task} model ({model.Card.Producer}); use evaluate.{model.Card.Task} for it");
        }

        var table = ModelInputs.Conform(await TableIO.LoadAsync(context, "table").ConfigureAwait(false), model.Card.Inputs, context.StepName);
        var label = labelOverride ?? model.Card.Label;

        // Models without a label (clustering, anomaly) leave the table as it is; their evaluators read labels their own way.
        var prepared = (task, label) switch
        {
            ("binary", not null) => LabelPreparation.Binary(table, label, model.Card.PositiveClass!, model.Card.NegativeClass, context.StepName),
            ("regression" or "ranking", not null) => LabelPreparation.Regression(table, label, context.StepName),
            ("multiclass", not null) => LabelPreparation.Multiclass(table, label, context.StepName),
            _ => new PreparedData(table, 0),
        };
        if (prepared.Dropped > 0)
        {
            context.Logger.LogWarning("ignored {Rows} row(s) whose label '{Label}' is missing", prepared.Dropped, label);
        }

        context.Logger.LogInformation("evaluating {Producer} on {Rows} rows", model.Card.Producer, prepared.Table.Rows.Count);
        return (model, prepared);
    }

    /// <summary>The task of the bound model, read from its card.</summary>
    public static string ReadTask(MLContext ml, IComponentContext context) => ModelFiles.Load(ml, context.GetInput("model").Path).Card.Task;
}

using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Models;

/// <summary>Reads a trained model — a registered version or a model file — so batch inference runs as a pipeline step.</summary>
[Component("model.read", "1.0.0", Example = "model: { component: model.read@1, params: { path: 'models:/churn@production' } }", Category = "score", Description = "Reads a trained model for later steps (score, evaluate): a registered version, given as models:/NAME@ALIAS, models:/NAME@VERSION or models:/NAME (the latest), resolved when the step starts and recorded in the run's lineage; or a model file in the workspace (one 'loom artifacts get' wrote). Checks that it is a Loom model.")]
[Output("model", ArtifactKind.Model, Description = "The model, as its trainer wrote it.")]
internal sealed class ReadModel : IComponent
{
    [Parameter("path", Required = true, InputFile = true, Description = "models:/NAME@ALIAS (or @VERSION, or no selector for the latest version) for a registered model, or the path of a model file relative to the workspace.")]
    public string Path { get; set; } = "";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var card = ModelFiles.Load(new MLContext(context.Seed), Path).Card;
        await context.WriteOutputAsync("model", async (stream, token) =>
        {
            await using var file = File.OpenRead(Path);
            await file.CopyToAsync(stream, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        context.Logger.LogInformation("read a {Task} model ({Producer}) reading {Columns} column(s)", card.Task, card.Producer, card.Inputs.Count);
    }
}

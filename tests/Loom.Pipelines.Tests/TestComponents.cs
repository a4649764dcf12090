using Loom.Pipelines.Catalog;
using Loom.Sdk;

namespace Loom.Pipelines.Tests;

[Component("test.source", "1.0.0", Category = "test", Description = "Produces a table.")]
[Output("table", ArtifactKind.Table, Description = "Rows.")]
internal sealed class Source : IComponent
{
    [Parameter("path", Required = true, Description = "File.")]
    public string Path { get; set; } = "";

    [Parameter("rows", Min = 1, Max = 1000, Description = "How many.")]
    public int Rows { get; set; } = 10;

    public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
}

[Component("test.source", "1.1.0", Category = "test", Description = "Produces a table, newer.")]
[Output("table", ArtifactKind.Table, Description = "Rows.")]
internal sealed class SourceV11 : IComponent
{
    [Parameter("path", Required = true, Description = "File.")]
    public string Path { get; set; } = "";

    public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
}

[Component("test.train", "1.0.0", Category = "test", Description = "Trains.")]
[Input("table", ArtifactKind.Table, Description = "Rows.")]
[Input("transform", ArtifactKind.Model, Description = "Optional transform.", Optional = true)]
[Output("model", ArtifactKind.Model, Description = "Model.")]
internal sealed class Train : IComponent
{
    [Parameter("label", Required = true, Description = "Label.")]
    public string Label { get; set; } = "";

    [Parameter("rate", Min = 0, Max = 1, Description = "Rate.")]
    public double Rate { get; set; } = 0.1;

    [Parameter("mode", Choices = ["fast", "slow"], Description = "Mode.")]
    public string Mode { get; set; } = "fast";

    [Parameter("columns", Description = "Columns.")]
    public string[] Columns { get; set; } = [];

    public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
}

[Component("test.evaluate", "1.0.0", Category = "test", Description = "Evaluates.")]
[Input("model", ArtifactKind.Model, Description = "Model.")]
[Input("table", ArtifactKind.Table, Description = "Rows.")]
[Output("metrics", ArtifactKind.Metrics, Description = "Numbers.")]
internal sealed class Evaluate : IComponent
{
    public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
}

internal static class TestCatalog
{
    public static ComponentCatalog Create() =>
        new ComponentCatalog().RegisterAssembly(typeof(TestCatalog).Assembly);
}

namespace Loom.Sdk.Tests;

public sealed class ManifestJsonTests
{
    [Component("test.json", "2.1.0", Category = "test", Description = "Every kind of parameter.", Example = "j: { component: test.json@2, params: { label: y } }", Cacheable = false)]
    [Input("table", ArtifactKind.Table, Description = "Rows.", Optional = true)]
    [Output("report", ArtifactKind.File, Description = "A page.", Extension = "html")]
    private sealed class Every : IComponent
    {
        [Parameter("fraction", Min = 0, Max = 1, SearchMin = 0.1, SearchMax = 0.9, Description = "A share.")]
        public double Fraction { get; set; } = 0.25;

        [Parameter("label", Required = true, Description = "Label column.")]
        public string Label { get; set; } = "";

        [Parameter("mode", Choices = ["fast", "slow"], Description = "How.")]
        public string Mode { get; set; } = "fast";

        [Parameter("rounds", Min = 1, Max = 100, Description = "Count.")]
        public long Rounds { get; set; } = 7;

        [Parameter("shuffle", Description = "Whether.")]
        public bool Shuffle { get; set; } = true;

        [Parameter("columns", Description = "Columns.")]
        public string[] Columns { get; set; } = ["a", "b"];

        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Fact]
    public void A_manifest_reads_back_as_it_was_with_defaults_in_their_canonical_types()
    {
        var manifest = ManifestReader.Read(typeof(Every));

        var read = ManifestJson.Read(ManifestJson.Write(manifest));

        Assert.Equal(manifest with { Parameters = [], Inputs = [], Outputs = [] }, read with { Parameters = [], Inputs = [], Outputs = [] });
        Assert.Equal(manifest.Inputs, read.Inputs);
        Assert.Equal(manifest.Outputs, read.Outputs);
        Assert.Equal(
            manifest.Parameters.Select(p => (p.Name, p.Type, ParameterValues.Format(p.Default), p.Min, p.Max, string.Join(",", p.Choices), p.Search, p.Required)),
            read.Parameters.Select(p => (p.Name, p.Type, ParameterValues.Format(p.Default), p.Min, p.Max, string.Join(",", p.Choices), p.Search, p.Required)));
        Assert.IsType<long>(read.FindParameter("rounds")!.Default);
        Assert.IsType<string[]>(read.FindParameter("columns")!.Default);
        Assert.Equal(0.25, Assert.IsType<double>(read.FindParameter("fraction")!.Default));
    }

    [Fact]
    public void Parameter_values_read_back_in_the_types_the_manifest_declares()
    {
        var manifest = ManifestReader.Read(typeof(Every));
        var values = new Dictionary<string, object?> { ["fraction"] = 1.0, ["rounds"] = 3L, ["shuffle"] = false, ["columns"] = new[] { "x" }, ["label"] = "7", ["undeclared"] = "z" };

        var read = ManifestJson.ReadValues(ManifestJson.WriteValues(values), manifest);

        Assert.Equal(1.0, Assert.IsType<double>(read["fraction"]));
        Assert.Equal(3L, Assert.IsType<long>(read["rounds"]));
        Assert.False(Assert.IsType<bool>(read["shuffle"]));
        Assert.Equal(["x"], Assert.IsType<string[]>(read["columns"]));
        Assert.Equal("7", read["label"]);
        Assert.Null(read["undeclared"]);
    }
}

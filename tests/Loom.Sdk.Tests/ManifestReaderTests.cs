using Loom.Sdk;

namespace Loom.Sdk.Tests;

public sealed class ManifestReaderTests
{
    [Component("test.example", "1.2.3", Category = "test", Description = "An example.")]
    [Input("table", ArtifactKind.Table, Description = "Rows.")]
    [Input("transform", ArtifactKind.Model, Description = "Optional model.", Optional = true)]
    [Output("metrics", ArtifactKind.Metrics, Description = "Numbers.")]
    private sealed class Example : IComponent
    {
        [Parameter("fraction", Min = 0, Max = 1, Description = "A share.")]
        public double Fraction { get; set; } = 0.25;

        [Parameter("label", Required = true, Description = "Label column.")]
        public string Label { get; set; } = "";

        [Parameter("mode", Choices = ["fast", "slow"], Description = "How.")]
        public string Mode { get; set; } = "fast";

        [Parameter("rounds", Description = "Count.")]
        public int Rounds { get; set; } = 7;

        [Parameter("columns", Description = "Columns.")]
        public string[] Columns { get; set; } = ["a", "b"];

        [Parameter("positive", Description = "Optional value.")]
        public string? Positive { get; set; }

        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Fact]
    public void Reads_identity_ports_and_parameters_from_attributes_and_property_initializers()
    {
        var m = ManifestReader.Read(typeof(Example));

        Assert.Equal("test.example@1.2.3", m.Identity);
        Assert.Equal(["table", "transform"], m.Inputs.Select(p => p.Name));
        Assert.True(m.FindInput("transform")!.Optional);
        Assert.Equal(ArtifactKind.Metrics, m.FindOutput("metrics")!.Kind);
        var fraction = m.FindParameter("fraction")!;
        Assert.Equal((ParameterType.Number, 0.25, 0.0, 1.0), (fraction.Type, (double)fraction.Default!, fraction.Min!.Value, fraction.Max!.Value));
        Assert.True(m.FindParameter("label")!.Required);
        Assert.Null(m.FindParameter("label")!.Default);
        Assert.Equal(["fast", "slow"], m.FindParameter("mode")!.Choices);
        Assert.Equal(7L, m.FindParameter("rounds")!.Default);
        Assert.Equal(["a", "b"], (string[])m.FindParameter("columns")!.Default!);
        Assert.Null(m.FindParameter("positive")!.Default);
    }

    [Component("Bad Name", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x")]
    private sealed class BadName : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.bad-version", "1.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x")]
    private sealed class BadVersion : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.bad-default", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x")]
    private sealed class DefaultOutOfRange : IComponent
    {
        [Parameter("fraction", Min = 0, Max = 1, Description = "x")]
        public double Fraction { get; set; } = 2;

        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.duplicate-port", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x")]
    [Output("out", ArtifactKind.Table, Description = "y")]
    private sealed class DuplicatePort : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.bad-type", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x")]
    private sealed class UnsupportedType : IComponent
    {
        [Parameter("when", Description = "x")]
        public DateTime When { get; set; }

        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.undocumented", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x")]
    private sealed class UndocumentedParameter : IComponent
    {
        [Parameter("size")]
        public int Size { get; set; }

        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.traversal", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.File, Description = "x", Extension = "../../etc/x")]
    private sealed class PathExtension : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.table-extension", "1.0.0", Category = "test", Description = "x")]
    [Output("out", ArtifactKind.Table, Description = "x", Extension = "csv")]
    private sealed class TableExtension : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.row-wise-model", "1.0.0", Category = "test", Description = "x", RowWiseInput = "model")]
    [Input("model", ArtifactKind.Model, Description = "x")]
    [Output("out", ArtifactKind.Table, Description = "x")]
    private sealed class RowWiseOnAModel : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Component("test.row-wise-report", "1.0.0", Category = "test", Description = "x", RowWiseInput = "table")]
    [Input("table", ArtifactKind.Table, Description = "x")]
    [Output("report", ArtifactKind.Report, Description = "x")]
    private sealed class RowWiseToAReport : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    private sealed class NotAttributed : IComponent
    {
        public Task ExecuteAsync(IComponentContext context) => Task.CompletedTask;
    }

    [Theory]
    [InlineData(typeof(BadName), "component name 'Bad Name'")]
    [InlineData(typeof(BadVersion), "version '1.0' must be a semantic version")]
    [InlineData(typeof(DefaultOutOfRange), "default value does not satisfy its own declaration: 2 is above the maximum 1")]
    [InlineData(typeof(DuplicatePort), "output port 'out' is declared twice")]
    [InlineData(typeof(UnsupportedType), "parameter type DateTime is not supported")]
    [InlineData(typeof(UndocumentedParameter), "parameter 'size' needs a Description")]
    [InlineData(typeof(NotAttributed), "missing [ComponentAttribute]")]
    [InlineData(typeof(PathExtension), "output port 'out' declares extension '../../etc/x'")]
    [InlineData(typeof(TableExtension), "only file outputs take one")]
    [InlineData(typeof(RowWiseOnAModel), "RowWiseInput 'model' must name a table input")]
    [InlineData(typeof(RowWiseToAReport), "every output of a row-wise component must be a table")]
    public void Rejects_a_malformed_component_at_registration_with_a_reason(Type type, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ManifestReader.Read(type));
        Assert.Contains(expected, error.Message);
        Assert.Contains(type.Name, error.Message);
    }

    [Fact]
    public void Applies_values_to_properties_converting_integers_and_lists()
    {
        var component = new Example();
        ParameterReflection.Apply(component, new Dictionary<string, object?> { ["rounds"] = 12L, ["fraction"] = 0.5, ["columns"] = new[] { "x" }, ["positive"] = null });

        Assert.Equal((12, 0.5, "x", (string?)null), (component.Rounds, component.Fraction, component.Columns.Single(), component.Positive));
    }
}

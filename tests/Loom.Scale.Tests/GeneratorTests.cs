using Loom.Components;
using Loom.Execution;
using Loom.Pipelines.Catalog;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Loom.Testing;
using Microsoft.Data.Analysis;

namespace Loom.Scale.Tests;

/// <summary>A scale test whose data a named component makes, instead of resampling what the pipeline reads.</summary>
public sealed class GeneratorTests
{
    private const string Pipeline = """
        apiVersion: loom/v1
        kind: Pipeline
        name: spend
        steps:
          load: { component: data.read-csv@1, params: { path: customers.csv } }
          heavy: { component: table.filter@1, inputs: { table: load.table }, params: { expression: 'spend > 50' } }
        outputs: { heavy: heavy.table }
        """;

    private static readonly ComponentCatalog Catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly).RegisterAssembly(typeof(GeneratorTests).Assembly);

    /// <summary>A workspace with the 40 customers the pipeline reads.</summary>
    private static async Task<Workspace> SpendWorkspaceAsync(TempFolder folder)
    {
        await File.WriteAllTextAsync(folder.Combine("customers.csv"), "id,spend\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{i * 2.5}\n")));
        return await Workspace.InitAsync(folder.Path);
    }

    [Fact]
    public async Task A_named_generator_makes_the_data_at_each_size_and_a_component_that_cannot_is_refused_saying_why()
    {
        using var folder = new TempFolder();
        await using var workspace = await SpendWorkspaceAsync(folder);
        var said = new List<string>();
        var request = new ScaleTestRequest(Pipeline, "spend.yaml", new Dictionary<string, string>(), null, [1, 250], AccuracySample: null, Generator: "test.customers@1");

        var report = await new ScaleTest(workspace, Catalog).RunAsync(request, said.Add, CancellationToken.None);
        Assert.True(report.Passed, string.Join("\n", report.Problems));
        Assert.Equal([40L, 10_000L], report.Scales.Select(s => s.DataRows));
        Assert.Equal("test.customers@1.0.0", report.Scales[1].Steps.Single(s => s.Step == "load").Component);
        Assert.Equal(10_000, report.Scales[1].Steps.Single(s => s.Step == "heavy").Rows);
        Assert.Contains("x250: running spend on 250 times its rows made by test.customers@1.0.0", said);

        var wrong = request with { Generator = "table.filter@1" };
        var e = await Assert.ThrowsAsync<LoomException>(() => new ScaleTest(workspace, Catalog).RunAsync(wrong, _ => { }, CancellationToken.None));
        Assert.Equal("--generator: table.filter@1.0.0 has no whole-number parameter 'rows' to say how many rows to make", e.Message);
    }

    [Fact]
    public async Task A_run_that_fails_at_a_size_fails_the_test_with_its_error()
    {
        using var folder = new TempFolder();
        await using var workspace = await SpendWorkspaceAsync(folder);
        var request = new ScaleTestRequest(Pipeline, "spend.yaml", new Dictionary<string, string>(), null, [1, 100], AccuracySample: null, Generator: "test.few-customers@1");

        var report = await new ScaleTest(workspace, Catalog).RunAsync(request, _ => { }, CancellationToken.None);
        Assert.False(report.Passed);
        Assert.Equal(["succeeded", "failed"], report.Scales.Select(s => s.Status));
        var problem = Assert.Single(report.Problems);
        Assert.StartsWith("the run at x100 failed: ", problem, StringComparison.Ordinal);
        Assert.Contains("at most 1000 customers, asked for 4000", problem, StringComparison.Ordinal);
        Assert.EndsWith($"(see loom runs show {report.Scales[1].RunId})", problem, StringComparison.Ordinal);
    }
}

/// <summary>Customers, as <see cref="Customers"/>, but no more than a thousand: a generator that fails at scale.</summary>
[Component("test.few-customers", "1.0.0", Category = "data", Example = "load: { component: test.few-customers@1, params: { rows: 100 } }", Description = "Makes up to a thousand customers for tests of a run that fails at scale.")]
[Output("table", ArtifactKind.Table, Description = "The customers.")]
internal sealed class FewCustomers : IComponent
{
    [Parameter("rows", Required = true, Min = 1, Max = 100_000_000, Description = "How many customers to make.")]
    public long Rows { get; set; }

    public Task ExecuteAsync(IComponentContext context) => Rows > 1000
        ? throw new DataException($"at most 1000 customers, asked for {Rows}")
        : new Customers { Rows = Rows }.ExecuteAsync(context);
}

/// <summary>Customers with an id and a spend, made from a seeded random source.</summary>
[Component("test.customers", "1.0.0", Category = "data", Example = "load: { component: test.customers@1, params: { rows: 1000 } }", Description = "Makes customers for tests at scale: an id and a spend between 0 and 100, from the step's seed.")]
[Output("table", ArtifactKind.Table, Description = "The customers.")]
internal sealed class Customers : IComponent
{
    [Parameter("rows", Required = true, Min = 1, Max = 100_000_000, Description = "How many customers to make.")]
    public long Rows { get; set; }

    public Task ExecuteAsync(IComponentContext context)
    {
        var spend = Enumerable.Range(0, (int)Rows).Select(_ => context.Random.NextDouble() * 100).ToArray();
        var table = new DataFrame(new DoubleDataFrameColumn("id", Enumerable.Range(0, (int)Rows).Select(i => (double)i)), new DoubleDataFrameColumn("spend", spend));
        return context.WriteTableAsync("table", table);
    }
}

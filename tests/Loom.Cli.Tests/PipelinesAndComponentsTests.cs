using System.Text.Json;
using Loom.Testing;
using static Loom.Cli.Tests.LoomProcess;

namespace Loom.Cli.Tests;

public sealed class PipelinesAndComponentsTests
{
    [Fact]
    public async Task Validate_accepts_the_examples()
    {
        var (exit, stdout, stderr) = await RunAsync(Repository.Root, "pipelines", "validate", "examples/telco-churn/pipelines/churn.yaml", "examples/ames-housing/pipelines/prices.yaml", "examples/penguins/pipelines/species.yaml");
        Assert.True(exit == 0, stderr);
        Assert.Equal(3, stdout.Split('\n').Count(l => l.Contains(": ok (", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Validate_reports_every_error_with_file_line_step_and_port()
    {
        using var folder = new TempFolder();
        folder.Write("bad.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: bad
            steps:
              load: { component: data.read-csv@1, params: { path: x.csv } }
              train: { component: train.lightgbm-binary@1, inputs: { table: eval.metrics }, params: { label: y, learning_rate: 5 } }
              eval: { component: evaluate.binary@1, inputs: { model: train.model, table: load.table } }
              oops: { component: train.xgboost@1 }
            """);
        folder.Write("broken.yaml", "apiVersion: loom/v1\nsteps: [\n");
        var (exit, _, stderr) = await RunAsync(folder.Path, "pipelines", "validate", "bad.yaml", "broken.yaml");

        Assert.Equal(2, exit);
        Assert.Contains("bad.yaml:6:", stderr);
        Assert.Contains("step 'train', 'table': type mismatch: input 'table' expects table, but eval.metrics is metrics", stderr);
        Assert.Contains("step 'train', 'learning_rate': 5 is above the maximum 1", stderr);
        Assert.Contains("bad.yaml:8:", stderr);
        Assert.Contains("unknown component 'train.xgboost'", stderr);
        Assert.Contains("broken.yaml:", stderr);
        Assert.Contains("malformed YAML", stderr);
    }

    [Fact]
    public async Task Validate_reports_a_cycle()
    {
        using var folder = new TempFolder();
        folder.Write("cycle.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: cycle
            steps:
              train: { component: train.lightgbm-binary@1, inputs: { table: load.table, transform: train2.model }, params: { label: y } }
              train2: { component: train.lightgbm-binary@1, inputs: { table: load.table, transform: train.model }, params: { label: y } }
              load: { component: data.read-csv@1, params: { path: x.csv } }
            """);
        var (exit, _, stderr) = await RunAsync(folder.Path, "pipelines", "validate", "cycle.yaml");
        Assert.Equal(2, exit);
        Assert.Matches("cycle: train2? -> train2? -> train2?; a pipeline must be acyclic", stderr);
    }

    [Fact]
    public async Task Components_are_listed_and_their_manifests_shown()
    {
        var list = await RunAsync(Repository.Root, "components", "list", "--json");
        var names = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("train.lightgbm-binary", names);
        Assert.Contains("data.read-csv", names);
        var documented = File.ReadAllLines(Repository.Path("docs", "components.md")).Where(l => l.StartsWith("### ", StringComparison.Ordinal)).Select(l => l[4..]);
        Assert.Equal(documented, names);

        var search = await RunAsync(Repository.Root, "components", "list", "LightGBM", "--category", "train", "--json");
        var found = JsonDocument.Parse(search.Out).RootElement.EnumerateArray().ToList();
        Assert.Contains("train.lightgbm-regression", found.Select(c => c.GetProperty("name").GetString()));
        Assert.All(found, c => Assert.Equal("train", c.GetProperty("category").GetString()));
        Assert.All(found, c => Assert.Contains("lightgbm", c.GetRawText(), StringComparison.OrdinalIgnoreCase));
        Assert.True(found.Count < names.Count);
        var none = await RunAsync(Repository.Root, "components", "list", "no-such-component");
        Assert.Equal((0, "no component matches; 'loom components list' shows them all"), (none.Exit, none.Err.Trim()));

        var docs = await RunAsync(Repository.Root, "components", "docs");
        Assert.Equal(await File.ReadAllTextAsync(Repository.Path("docs", "components.md")), docs.Out);

        var show = await RunAsync(Repository.Root, "components", "show", "train.lightgbm-binary", "--format", "json");
        var manifest = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("1.0.0", manifest.GetProperty("version").GetString());
        var rate = manifest.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "learning_rate");
        Assert.Equal(("number", 1.0), (rate.GetProperty("type").GetString(), rate.GetProperty("max").GetDouble()));

        var text = await RunAsync(Repository.Root, "components", "show", "data.split");
        Assert.Contains("test_fraction", text.Out);
        var yaml = await RunAsync(Repository.Root, "components", "show", "data.split@1", "--format", "yaml");
        Assert.Contains("name: data.split", yaml.Out);

        var unknown = await RunAsync(Repository.Root, "components", "show", "nope");
        Assert.Equal(2, unknown.Exit);
    }
}

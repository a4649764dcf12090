using Loom.Components;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Writing;

namespace Loom.Scale.Tests;

/// <summary>The variants of a pipeline a scale test runs: data scaled where it is read, training rows sampled, test rows scored.</summary>
public sealed class ScaledDocumentsTests
{
    private static readonly ComponentCatalog Catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);

    private const string Churn = """
        apiVersion: loom/v1
        kind: Pipeline
        name: churn
        steps:
          load: { component: data.read-csv@1, params: { path: data/churn.csv } }
          split: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn } }
          features: { component: features.auto@1, inputs: { table: split.train }, params: { label: churn } }
          train: { component: train.lightgbm-binary@1, inputs: { table: split.train, transform: features.transform }, params: { label: churn, positive: "Yes" } }
          evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }
        outputs: { model: train.model, metrics: evaluate.metrics, rows: load.table }
        """;

    private static PipelinePlan Plan() => PipelinePlanner.Plan(PipelineParser.Parse(Churn, "churn.yaml"), Catalog, new Dictionary<string, string>());

    [Fact]
    public void Scaling_resamples_what_each_source_reads_and_everything_downstream_reads_the_resampled_table()
    {
        var plan = Plan();
        Assert.Equal([("load", "table")], ScaledDocuments.Sources(plan));
        Assert.Same(plan.Document, ScaledDocuments.Scaled(plan, 1, 0.01));

        var scaled = ScaledDocuments.Scaled(plan, 10, 0.02);
        var yaml = PipelineYamlWriter.Write(scaled);
        Assert.Contains("  scaled_load:\n    component: data.resample@1\n    inputs: { table: load.table }\n    params: { factor: 10, jitter: 0.02 }\n", yaml, StringComparison.Ordinal);
        Assert.Contains("inputs: { table: scaled_load.table }", yaml, StringComparison.Ordinal);
        Assert.Equal("scaled_load", scaled.Outputs.Single(o => o.Name == "rows").Source.Step);
        PipelinePlanner.Plan(PipelineParser.Parse(yaml, "scaled.yaml"), Catalog, new Dictionary<string, string>());
    }

    [Fact]
    public void Sampling_cuts_the_training_rows_of_every_step_that_learns_from_them_but_not_the_held_out_rows()
    {
        var plan = Plan();
        var (sampled, tables) = ScaledDocuments.Sampled(plan, 0.1);
        Assert.Equal(["split.train"], tables);
        var steps = sampled.Steps.ToDictionary(s => s.Name);
        Assert.Equal("data.resample", steps["sampled_split_train"].Component);
        Assert.Equal("sampled_split_train", steps["features"].Inputs.Single().Source.Step);
        Assert.Equal("sampled_split_train", steps["train"].Inputs.Single(i => i.Port == "table").Source.Step);
        Assert.Equal("split", steps["evaluate"].Inputs.Single(i => i.Port == "table").Source.Step);

        var (scored, scorings) = ScaledDocuments.WithScorings(plan, sampled);
        Assert.Equal("scored_evaluate", scorings["evaluate"]);
        var score = scored.Steps.Single(s => s.Name == "scored_evaluate");
        Assert.Equal(("score", "train.model", "split.test"), (score.Component, score.Inputs[0].Source.ToString(), score.Inputs[1].Source.ToString()));
        PipelinePlanner.Plan(PipelineParser.Parse(PipelineYamlWriter.Write(scored), "scored.yaml"), Catalog, new Dictionary<string, string>());
    }
}

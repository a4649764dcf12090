using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Validation;

namespace Loom.Pipelines.Tests;

public sealed class PlannerTests
{
    private const string Valid = """
        apiVersion: loom/v1
        kind: Pipeline
        name: demo
        parameters:
          data: { type: string, default: data.csv }
          rate: { type: number, default: 0.3 }
        steps:
          evaluate:
            component: test.evaluate@1
            inputs: { model: train.model, table: load.table }
          train:
            component: test.train@1
            inputs: { table: load.table }
            params: { label: y, rate: "${params.rate}", columns: [a, b] }
          load:
            component: test.source@1.0
            params: { path: "folder/${params.data}" }
        outputs:
          model: train.model
        """;

    private static PipelinePlan Plan(string yaml, Dictionary<string, string>? values = null) =>
        PipelinePlanner.Plan(PipelineParser.Parse(yaml, "p.yaml"), TestCatalog.Create(), values);

    private static PipelineValidationException Invalid(string yaml, Dictionary<string, string>? values = null) =>
        Assert.Throws<PipelineValidationException>(() => Plan(yaml, values));

    [Fact]
    public void A_memory_limit_is_taken_for_a_published_component_and_refused_for_a_built_in_one()
    {
        var catalog = TestCatalog.Create();
        var published = catalog.Resolve("test.source", "1.0")!.Manifest with { Name = "acme.source" };
        catalog.SyncPublished([(published, new Catalog.PublishedPackage(new string('a', 64), "Acme.dll", "Acme.Source", "upload", null))]);
        var yaml = Valid.Replace("component: test.source@1.0", "component: acme.source@1\n    memory: 512MB", StringComparison.Ordinal);

        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, "p.yaml"), catalog);
        Assert.Equal(512L << 20, plan.Steps.Single(s => s.Name == "load").MemoryBytes);

        var builtIn = Assert.Throws<PipelineValidationException>(() => PipelinePlanner.Plan(PipelineParser.Parse(Valid.Replace("component: test.train@1", "component: test.train@1\n    memory: 1GB", StringComparison.Ordinal), "p.yaml"), catalog));
        var error = builtIn.Errors.Single();
        Assert.Equal(("train", "memory"), (error.Step, error.Port));
        Assert.Contains("test.train@1.0.0 is built in and runs in Loom's own process, so remove 'memory'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plans_steps_in_dependency_order_with_typed_substituted_values()
    {
        var plan = Plan(Valid);

        Assert.Equal(["load", "train", "evaluate"], plan.Steps.Select(s => s.Name));
        Assert.Equal("folder/data.csv", plan.Step("load").Parameters["path"]);
        Assert.Equal(0.3, plan.Step("train").Parameters["rate"]);
        Assert.Equal(["a", "b"], (string[])plan.Step("train").Parameters["columns"]!);
        Assert.Equal("fast", plan.Step("train").Parameters["mode"]);
        Assert.Equal("1.0.0", plan.Step("load").Component.Manifest.Version);
    }

    [Fact]
    public void Substitution_works_in_list_items_and_numbers_fill_text_parameters()
    {
        var plan = Plan(Valid.Replace("columns: [a, b]", "columns: [a, \"${params.data}\"]", StringComparison.Ordinal).Replace("label: y", "label: \"${params.rate}\"", StringComparison.Ordinal));
        Assert.Equal(["a", "data.csv"], (string[])plan.Step("train").Parameters["columns"]!);
        Assert.Equal("0.3", plan.Step("train").Parameters["label"]);
    }

    [Fact]
    public void Given_values_replace_defaults_and_are_typed()
    {
        var plan = Plan(Valid, new() { ["rate"] = "0.9", ["data"] = "other.csv" });
        Assert.Equal(0.9, plan.Step("train").Parameters["rate"]);
        Assert.Equal("folder/other.csv", plan.Step("load").Parameters["path"]);
    }

    [Fact]
    public void A_bare_version_spec_picks_the_newest_matching_version()
    {
        var plan = Plan(Valid.Replace("test.source@1.0", "test.source@1", StringComparison.Ordinal).Replace("params: { path: \"folder/${params.data}\" }", "params: { path: x }", StringComparison.Ordinal));
        Assert.Equal("1.1.0", plan.Step("load").Component.Manifest.Version);
    }

    [Fact]
    public void The_version_ignores_formatting_comments_and_key_order_but_not_meaning()
    {
        var reordered = """
            # a comment
            kind: Pipeline
            apiVersion: loom/v1
            name: demo
            parameters:
              rate: { default: 0.3, type: number }
              data: { type: string, default: data.csv }
            steps:
              load: { component: test.source@1.0, params: { path: "folder/${params.data}" } }
              train:
                params: { rate: "${params.rate}", label: y, columns: [a, b] }
                inputs: { table: load.table }
                component: test.train@1
              evaluate: { component: test.evaluate@1, inputs: { table: load.table, model: train.model } }
            outputs: { model: train.model }
            """;
        Assert.Equal(Plan(Valid).Version, Plan(reordered).Version);
        Assert.NotEqual(Plan(Valid).Version, Plan(Valid.Replace("label: y", "label: z", StringComparison.Ordinal)).Version);
    }

    [Fact]
    public void Unknown_component_names_the_step_and_line_and_suggests()
    {
        var error = Invalid(Valid.Replace("component: test.train@1", "component: test.trian@1", StringComparison.Ordinal)).Errors.Single();
        Assert.Equal(("train", 12), (error.Step, error.Location.Line));
        Assert.Contains("unknown component 'test.trian'", error.Message);
    }

    [Fact]
    public void Unknown_version_lists_the_known_versions()
    {
        var error = Invalid(Valid.Replace("test.train@1", "test.train@2", StringComparison.Ordinal)).Errors.Single();
        Assert.Contains("no version matching '@2'; known versions: 1.0.0", error.Message);
    }

    [Fact]
    public void Wrong_port_type_names_step_port_and_both_types()
    {
        var error = Invalid(Valid.Replace("inputs: { model: train.model, table: load.table }", "inputs: { model: load.table, table: load.table }", StringComparison.Ordinal)).Errors.Single();
        Assert.Equal(("evaluate", "model", 10), (error.Step, error.Port, error.Location.Line));
        Assert.Contains("type mismatch: input 'model' expects model, but load.table is table", error.Message);
        Assert.StartsWith("p.yaml:10:", error.ToString());
    }

    [Fact]
    public void Unknown_ports_and_steps_are_reported()
    {
        var errors = Invalid(Valid.Replace("inputs: { table: load.table }", "inputs: { table: lod.table, extra: load.nope }", StringComparison.Ordinal)).Errors;
        Assert.Contains(errors, e => e.Message.Contains("'lod.table' refers to unknown step 'lod'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Port == "extra" && e.Message.Contains("unknown input port 'extra'", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_input_and_parameter_are_reported_together()
    {
        var errors = Invalid(Valid.Replace("inputs: { table: load.table }\n    params: { label: y, ", "params: { ", StringComparison.Ordinal)).Errors;
        Assert.Contains(errors, e => e.Port == "table" && e.Message.StartsWith("required input 'table' (table) is not bound", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Port == "label" && e.Message.StartsWith("required parameter 'label' (string) is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameter_out_of_range_wrong_type_and_bad_choice()
    {
        var yaml = Valid.Replace("rate: \"${params.rate}\"", "rate: 3, mode: medium", StringComparison.Ordinal)
            .Replace("  rate: { type: number, default: 0.3 }", "  rate: { type: number, default: 0.3 }\n  n: { type: integer, default: x }", StringComparison.Ordinal);
        var errors = Invalid(yaml).Errors;
        Assert.Contains(errors, e => e.Port == "rate" && e.Message == "3 is above the maximum 1");
        Assert.Contains(errors, e => e.Port == "mode" && e.Message == "'medium' is not one of fast, slow");
        Assert.Contains(errors, e => e.Port == "n" && e.Message.Contains("not a valid integer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_given_value_of_the_wrong_type_is_refused()
    {
        var error = Invalid(Valid, new() { ["rate"] = "fast" }).Errors.Single();
        Assert.Equal("value 'fast' is not a valid number", error.Message);
    }

    [Fact]
    public void Unknown_given_parameter_and_undeclared_substitution()
    {
        var errors = Invalid(Valid.Replace("${params.data}", "${params.dataset}", StringComparison.Ordinal), new() { ["nope"] = "1" }).Errors;
        Assert.Contains(errors, e => e.Message.StartsWith("unknown pipeline parameter 'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'${params.dataset}' refers to an undeclared pipeline parameter", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_without_default_must_be_given_to_run_but_not_to_validate()
    {
        var yaml = Valid.Replace("data: { type: string, default: data.csv }", "data: { type: string }", StringComparison.Ordinal);
        Assert.Contains("give it with --param data=VALUE", Invalid(yaml).Errors.Single().Message);
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, "p.yaml"), TestCatalog.Create(), requireValues: false);
        Assert.Equal(3, plan.Steps.Count);
    }

    [Fact]
    public void A_cycle_is_reported_with_its_path()
    {
        var yaml = """
            apiVersion: loom/v1
            kind: Pipeline
            name: loop
            steps:
              a: { component: test.train@1, inputs: { table: c.table, transform: b.model }, params: { label: y } }
              b: { component: test.train@1, inputs: { table: c.table, transform: a.model }, params: { label: y } }
              c: { component: test.source@1, params: { path: x } }
            """;
        var error = Invalid(yaml).Errors.Single();
        Assert.Matches("cycle: (a -> b -> a|b -> a -> b)", error.Message);
    }

    [Fact]
    public void Unknown_step_parameters_and_bad_outputs_are_reported()
    {
        var errors = Invalid(Valid.Replace("label: y,", "label: y, lable: z,", StringComparison.Ordinal).Replace("outputs:\n  model: train.model", "outputs:\n  model: train.weights", StringComparison.Ordinal)).Errors;
        Assert.Contains(errors, e => e.Port == "lable" && e.Message.StartsWith("unknown parameter 'lable' of test.train@1.0.0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("has no output 'weights'", StringComparison.Ordinal));
    }
}

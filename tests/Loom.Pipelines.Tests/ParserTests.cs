using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;

namespace Loom.Pipelines.Tests;

public sealed class ParserTests
{
    private static PipelineValidationException Invalid(string yaml) =>
        Assert.Throws<PipelineValidationException>(() => PipelineParser.Parse(yaml, "bad.yaml"));

    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var error = Invalid("apiVersion: loom/v1\nkind: Pipeline\nsteps:\n  a: { component: x\n  b: 1\n").Errors.Single();
        Assert.StartsWith("malformed YAML", error.Message);
        Assert.Equal("bad.yaml", error.Location.File);
        Assert.True(error.Location.Line >= 4, error.ToString());
    }

    [Fact]
    public void Duplicate_step_names_are_refused()
    {
        var error = Invalid("apiVersion: loom/v1\nkind: Pipeline\nname: d\nsteps:\n  a: { component: x }\n  a: { component: y }\n").Errors.Single();
        Assert.Contains("malformed YAML", error.Message);
        Assert.Contains("Duplicate key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(6, error.Location.Line);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        Assert.Contains("the file is empty", Invalid("").Errors.Single().Message);
    }

    [Fact]
    public void Wrong_api_version_kind_and_unknown_keys_are_each_reported()
    {
        var errors = Invalid("apiVersion: loom/v2\nkind: Workflow\nname: d\nstep:\n  a: {}\n").Errors;
        Assert.Contains(errors, e => e.Message.Contains("unsupported apiVersion 'loom/v2'", StringComparison.Ordinal) && e.Location.Line == 1);
        Assert.Contains(errors, e => e.Message.Contains("unsupported kind 'Workflow'", StringComparison.Ordinal) && e.Location.Line == 2);
        Assert.Contains(errors, e => e.Message.StartsWith("unknown key 'step'", StringComparison.Ordinal) && e.Location.Line == 4);
        Assert.Contains(errors, e => e.Message.Contains("needs a 'steps' mapping", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_binding_timeout_and_retries_are_reported_with_the_step()
    {
        var errors = Invalid("""
            apiVersion: loom/v1
            kind: Pipeline
            name: d
            steps:
              a: { component: x, inputs: { table: nodot }, timeout: soon, retries: many }
            """).Errors;
        Assert.All(errors, e => Assert.Equal("a", e.Step));
        Assert.Contains(errors, e => e.Message.Contains("expected a reference 'step.port', found 'nodot'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("timeout 'soon' must be a positive duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'retries' must be a whole number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("timeout: 25d", "timeout '25d' must be a positive duration of at most 24 days")]
    [InlineData("timeout: NaN", "timeout 'NaN' must be a positive duration")]
    [InlineData("timeout: 1e400s", "timeout '1e400s' must be a positive duration")]
    [InlineData("retries: 4294967297", "'retries' must be a whole number from 0 to 10")]
    [InlineData("memory: 512", "memory '512' must be a size in MB or GB between 64MB and 1024GB, such as 512MB or 4GB")]
    [InlineData("memory: 2TB", "memory '2TB' must be a size in MB or GB")]
    [InlineData("memory: 16MB", "memory '16MB' must be a size in MB or GB between 64MB and 1024GB")]
    [InlineData("memory: NaNGB", "memory 'NaNGB' must be a size")]
    public void Out_of_range_timeouts_and_retries_are_refused_at_their_line(string setting, string expected)
    {
        var error = Invalid($"apiVersion: loom/v1\nkind: Pipeline\nname: d\nsteps:\n  a:\n    component: x\n    {setting}\n").Errors.Single();
        Assert.Contains(expected, error.Message);
        Assert.Equal((7, "a"), (error.Location.Line, error.Step));
    }

    [Theory]
    [InlineData("1d", 86400)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("45", 45)]
    public void Durations_parse(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), PipelineParser.ParseDuration(text));

    [Theory]
    [InlineData("512MB", 512L << 20)]
    [InlineData("4GB", 4L << 30)]
    [InlineData("1.5gb", 3L << 29)]
    [InlineData("64MB", 64L << 20)]
    public void Memory_sizes_parse(string text, long bytes) =>
        Assert.Equal(bytes, PipelineParser.ParseMemory(text));

    [Fact]
    public void A_pipeline_marked_for_smoke_runs_in_ci_keeps_the_mark_when_written_and_another_mark_is_refused()
    {
        const string yaml = "apiVersion: loom/v1\nkind: Pipeline\nname: p\nci: smoke\nsteps:\n  a: { component: t.source@1 }\n";
        var document = PipelineParser.Parse(yaml, "p.yaml");
        Assert.Equal("smoke", document.Ci);
        var written = Loom.Pipelines.Writing.PipelineYamlWriter.Write(document);
        Assert.Contains("\nci: smoke\n", written, StringComparison.Ordinal);
        Assert.Equal("smoke", PipelineParser.Parse(written, "p.yaml").Ci);
        var unmarked = PipelineParser.Parse(yaml.Replace("ci: smoke\n", "", StringComparison.Ordinal), "p.yaml");
        Assert.NotEqual(Loom.Pipelines.Planning.PipelineHasher.Hash(document), Loom.Pipelines.Planning.PipelineHasher.Hash(unmarked));

        var e = Assert.Throws<PipelineValidationException>(() => PipelineParser.Parse(yaml.Replace("ci: smoke", "ci: always", StringComparison.Ordinal), "p.yaml"));
        Assert.Equal("p.yaml:4:5: 'ci' is 'smoke' (loom ci runs the pipeline with its default parameters, which should point at sample data), not 'always'", e.Errors.Single().ToString());
    }

    [Fact]
    public void Service_level_targets_are_read_written_back_and_hashed_and_wrong_ones_are_named_where_they_are()
    {
        const string yaml = "apiVersion: loom/v1\nkind: Pipeline\nname: p\nsla: { max_wall: 10m, max_memory: 4GB, min_rows_per_second: 100000, max_accuracy_loss: 0.01, at: 10 }\nsteps:\n  a: { component: t.source@1 }\n";
        var document = PipelineParser.Parse(yaml, "p.yaml");
        var sla = document.Sla!;
        Assert.Equal(TimeSpan.FromMinutes(10), sla.MaxWall);
        Assert.Equal(4L << 30, sla.MaxMemoryBytes);
        Assert.Equal(100_000, sla.MinRowsPerSecond);
        Assert.Equal(0.01, sla.MaxAccuracyLoss);
        Assert.Equal(10, sla.At);
        var written = Loom.Pipelines.Writing.PipelineYamlWriter.Write(document);
        Assert.Contains("\nsla: { max_wall: 10m, max_memory: 4GB, min_rows_per_second: 100000, max_accuracy_loss: 0.01, at: 10 }\n", written, StringComparison.Ordinal);
        Assert.Equal(sla.Written, PipelineParser.Parse(written, "p.yaml").Sla!.Written);
        var json = Loom.Pipelines.Writing.PipelineJsonWriter.Write(document).ToJsonString();
        Assert.Equal(sla.Written, PipelineParser.Parse(json, "p.json").Sla!.Written);
        var looser = PipelineParser.Parse(yaml.Replace("max_wall: 10m", "max_wall: 20m", StringComparison.Ordinal), "p.yaml");
        Assert.NotEqual(Loom.Pipelines.Planning.PipelineHasher.Hash(document), Loom.Pipelines.Planning.PipelineHasher.Hash(looser));
        Assert.Equal(1, PipelineParser.Parse(yaml.Replace(", at: 10", "", StringComparison.Ordinal), "p.yaml").Sla!.At);

        var e = Assert.Throws<PipelineValidationException>(() => PipelineParser.Parse(
            "apiVersion: loom/v1\nkind: Pipeline\nname: p\nsla:\n  max_wall: soon\n  max_memory: 4 parsecs\n  min_rows_per_second: -1\n  speed: 3\nsteps:\n  a: { component: t.source@1 }\n", "p.yaml"));
        Assert.Equal(
            [
                "p.yaml:5:13: sla 'max_wall' must be a duration such as 90s, 10m or 2h, found 'soon'",
                "p.yaml:6:15: sla 'max_memory' must be a size from 64MB to 1024GB, such as 512MB or 4GB, found '4 parsecs'",
                "p.yaml:7:24: sla 'min_rows_per_second' must be a number of rows above 0, found '-1'",
            ],
            e.Errors.Where(x => x.ToString().Contains("sla '", StringComparison.Ordinal)).Select(x => x.ToString()));
        Assert.Contains(e.Errors, x => x.ToString().Contains("speed", StringComparison.Ordinal));
    }
}

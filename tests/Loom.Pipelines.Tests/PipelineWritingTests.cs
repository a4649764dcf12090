using Loom.Pipelines.Comparing;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Writing;
using Loom.Testing;

namespace Loom.Pipelines.Tests;

public sealed class PipelineWritingTests
{
    public static TheoryData<string> ExamplePipelines()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Path("examples"), "*.yaml", SearchOption.AllDirectories).Where(f => f.Contains("pipelines", StringComparison.Ordinal)).Order())
        {
            data.Add(Path.GetRelativePath(Repository.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExamplePipelines))]
    public void Every_example_written_as_yaml_or_json_reads_back_as_the_same_version(string file)
    {
        var document = PipelineParser.Parse(File.ReadAllText(Repository.Path(file)), file);
        var yaml = PipelineYamlWriter.Write(document);
        Assert.Equal(PipelineHasher.Hash(document), PipelineHasher.Hash(PipelineParser.Parse(yaml, "written.yaml")));

        var json = PipelineJsonWriter.Write(document).ToJsonString();
        Assert.Equal(PipelineHasher.Hash(document), PipelineHasher.Hash(PipelineParser.Parse(json, "written.json")));
    }

    [Fact]
    public void Text_that_would_read_as_another_type_or_break_the_yaml_is_quoted()
    {
        var yaml = """
            apiVersion: loom/v1
            kind: Pipeline
            name: quoting
            description: "Says: hello # not a comment"
            parameters:
              answer: { type: string, default: "Yes" }
              count: { type: string, default: "12" }
              list: { type: list, default: [a, "b, c", "on"] }
            steps:
              load:
                component: data.read-csv@1
                params: { path: "data/a b.csv", delimiter: ";", missing: "null" }
                timeout: 90m
                retries: 3
                memory: 1536MB
            """;
        var document = PipelineParser.Parse(yaml, "q.yaml");
        var written = PipelineYamlWriter.Write(document);
        Assert.Contains("description: \"Says: hello # not a comment\"", written, StringComparison.Ordinal);
        Assert.Contains("answer: { type: string, default: \"Yes\" }", written, StringComparison.Ordinal);
        Assert.Contains("count: { type: string, default: \"12\" }", written, StringComparison.Ordinal);
        Assert.Contains("default: [a, \"b, c\", \"on\"]", written, StringComparison.Ordinal);
        Assert.Contains("params: { path: data/a b.csv, delimiter: \";\", missing: \"null\" }", written, StringComparison.Ordinal);
        Assert.Contains("    timeout: 90m\n    retries: 3\n    memory: 1536MB\n", written, StringComparison.Ordinal);
        Assert.Contains("component: data.read-csv@1\n", written, StringComparison.Ordinal);
        Assert.Equal(PipelineHasher.Hash(document), PipelineHasher.Hash(PipelineParser.Parse(written, "w.yaml")));
    }

    [Fact]
    public void Json_keeps_numbers_and_booleans_typed_and_quoted_text_as_strings()
    {
        var document = PipelineParser.Parse(
            """
            apiVersion: loom/v1
            kind: Pipeline
            name: typed
            steps:
              split: { component: data.split@1, params: { test_fraction: 0.25, seed: 7, stratify: "true", shuffle: true } }
            """,
            "t.yaml");
        var json = PipelineJsonWriter.Write(document);
        var parameters = json["steps"]!["split"]!["params"]!;
        Assert.Equal(0.25, parameters["test_fraction"]!.GetValue<double>());
        Assert.Equal(7, parameters["seed"]!.GetValue<long>());
        Assert.Equal("true", parameters["stratify"]!.GetValue<string>());
        Assert.True(parameters["shuffle"]!.GetValue<bool>());
    }

    [Fact]
    public void A_line_diff_keeps_common_lines_and_marks_the_rest()
    {
        var diff = LineDiff.Compare("a\nb\nc\nd\n", "a\nc\nx\nd\n");
        Assert.Equal([(' ', "a"), ('-', "b"), (' ', "c"), ('+', "x"), (' ', "d")], diff.Select(l => (l.Op, l.Text)));
        Assert.Equal([('+', "only")], LineDiff.Compare("", "only").Select(l => (l.Op, l.Text)));
        Assert.Empty(LineDiff.Compare("", ""));
    }

    [Fact]
    public void A_replaced_line_shows_the_old_line_before_the_new_one()
    {
        var diff = LineDiff.Compare("a\nseed: 42\nc\n", "a\nseed: 7\nc\n");
        Assert.Equal([(' ', "a"), ('-', "seed: 42"), ('+', "seed: 7"), (' ', "c")], diff.Select(l => (l.Op, l.Text)));
    }
}

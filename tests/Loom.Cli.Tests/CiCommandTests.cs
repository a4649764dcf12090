using System.Text.Json;
using System.Xml.Linq;
using Loom.Testing;
using YamlDotNet.RepresentationModel;

namespace Loom.Cli.Tests;

/// <summary><c>loom ci</c> on a repository of pipelines, and the workflows <c>loom ci init</c> writes.</summary>
public sealed class CiCommandTests
{
    private const string Churn = """
        steps:
          load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
          split: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn, seed: 42 } }
        """;

    [Fact]
    public async Task Loom_ci_checks_pipelines_smoke_runs_and_gates_and_its_junit_report_names_each_failure()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        workspace.Write("pipelines/good.yaml", $"apiVersion: loom/v1\nkind: Pipeline\nname: good\nci: smoke\n{Churn}\n  train: {{ component: train.lightgbm-binary@1, inputs: {{ table: split.train }}, params: {{ label: churn, positive: \"Yes\", iterations: 20 }} }}\n");
        workspace.Write("pipelines/failing.yaml", $"apiVersion: loom/v1\nkind: Pipeline\nname: failing\nci: smoke\n{Churn}\n  train: {{ component: train.lightgbm-binary@1, inputs: {{ table: split.train }}, params: {{ label: left, positive: \"Yes\", iterations: 20 }} }}\n");
        workspace.Write("pipelines/broken.yaml", "apiVersion: loom/v1\nkind: Pipeline\nname: broken\nsteps:\n  load: { component: data.read-xls@1 }\n");
        workspace.Write("gates/staging.yaml", "apiVersion: loom/v1\nkind: Gate\nname: staging\nmetrics: [ \"auc >= 0.7\" ]\n");
        workspace.Write("gates/typo.yaml", "apiVersion: loom/v1\nkind: Gate\nname: typo\nmetrics: [ \"auc >> 0.7\" ]\n");

        var ci = await LoomProcess.RunAsync(workspace.Path, "ci", "--junit", "reports/loom-ci.xml");
        Assert.Equal(1, ci.Exit);
        Assert.Contains("FAIL  smoke      pipelines/failing.yaml", ci.Out, StringComparison.Ordinal);
        Assert.EndsWith("5 passed, 3 failed", ci.Out.Trim(), StringComparison.Ordinal);

        var report = XDocument.Load(workspace.Combine("reports/loom-ci.xml")).Root!;
        Assert.Equal(("loom ci", "8", "3"), (report.Attribute("name")?.Value, report.Attribute("tests")?.Value, report.Attribute("failures")?.Value));
        var cases = report.Elements("testsuite").SelectMany(s => s.Elements("testcase").Select(c => (Suite: s.Attribute("name")!.Value, Name: c.Attribute("name")!.Value, Failure: c.Element("failure")?.Attribute("message")?.Value))).ToList();
        Assert.Equal(
            [
                ("pipelines", "pipelines/broken.yaml", false),
                ("pipelines", "pipelines/churn.yaml", true),
                ("pipelines", "pipelines/failing.yaml", true),
                ("pipelines", "pipelines/good.yaml", true),
                ("smoke", "pipelines/failing.yaml", false),
                ("smoke", "pipelines/good.yaml", true),
                ("gates", "gates/staging.yaml", true),
                ("gates", "gates/typo.yaml", false),
            ],
            cases.Select(c => (c.Suite, c.Name, c.Failure is null)));
        Assert.StartsWith("pipelines/broken.yaml:5:", cases[0].Failure, StringComparison.Ordinal);
        Assert.Contains("data.read-xls", cases[0].Failure, StringComparison.Ordinal);
        Assert.Equal("gates/typo.yaml:4:12: metric rule 'auc >> 0.7' is not METRIC OP VALUE; write it like 'auc >= 0.82', 'evaluate.f1 > 0.6' or 'auc >= production.auc - 0.005' (OP is one of >=, >, <=, <, ==)", cases[^1].Failure);
        var smokeFailure = cases.Single(c => c.Suite == "smoke" && c.Failure is not null);
        Assert.Equal("pipelines/failing.yaml", smokeFailure.Name);
        Assert.Matches("^run r\\d+-[0-9a-f]+ failed: ", smokeFailure.Failure);
        Assert.Contains("step 'train'", report.Descendants("failure").Single(f => f.Attribute("message")!.Value.StartsWith("run ", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_github_azure_and_gitlab_workflows_run_loom_ci_and_their_release_script_registers_and_promotes_to_staging()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        workspace.Write("gates/staging.yaml", "apiVersion: loom/v1\nkind: Gate\nname: staging\nmetrics: [ \"auc >= 0.7\", \"auc >= staging.auc - 0.01\" ]\n");
        foreach (var system in new[] { "github", "azure", "gitlab" })
        {
            var init = await LoomProcess.RunAsync(workspace.Path, "ci", "init", system, "--pipeline", "pipelines/churn.yaml", "--model", "churn", "--gate", "gates/staging.yaml");
            Assert.True(init.Exit == 0, init.Err);
        }

        var again = await LoomProcess.RunAsync(workspace.Path, "ci", "init", "github");
        Assert.Equal(2, again.Exit);
        Assert.Contains(".github/workflows/loom.yml exists already; give --force to replace it", again.Err, StringComparison.Ordinal);

        // Each file is YAML, runs 'loom ci' with a JUnit report, and carries the same release script.
        var scripts = new List<string>();
        foreach (var file in new[] { ".github/workflows/loom.yml", "azure-pipelines.yml", ".gitlab-ci.yml" })
        {
            var text = await File.ReadAllTextAsync(workspace.Combine(file));
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            var scalars = Scalars(yaml.Documents[0].RootNode).ToList();
            Assert.Contains("loom ci --junit test-results/loom-ci.xml", scalars);
            Assert.Contains(".loom/artifacts", scalars);
            Assert.Contains("LOOM_ARTIFACTS", text, StringComparison.Ordinal);
            scripts.Add(Assert.Single(scalars, s => s.Contains("loom models promote", StringComparison.Ordinal)));
        }

        Assert.Single(scripts.Distinct());

        // The release script, run as the CI system would on main (with loom on the PATH), promotes the new version.
        using var bin = new TempFolder();
        bin.Write("loom", $"#!/bin/sh\nexec dotnet \"{LoomProcess.Dll}\" \"$@\"\n");
        var release = await GeneratedSolution.ShellAsync(workspace.Path, $"chmod +x \"{bin.Path}/loom\"\nexport PATH=\"{bin.Path}:$PATH\" COMMIT=abc123\n{scripts[0]}");
        Assert.True(release.Exit == 0, release.Output);
        Assert.Contains("churn@staging is version 1", release.Output, StringComparison.Ordinal);
        var history = JsonDocument.Parse((await LoomProcess.RunAsync(workspace.Path, "models", "history", "churn", "--json")).Out).RootElement.EnumerateArray().Single();
        Assert.Equal(("staging", "CI build of abc123"), (history.GetProperty("alias").GetString(), history.GetProperty("reason").GetString()));
        Assert.Equal("staging", history.GetProperty("gate").GetProperty("gate").GetString());
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.SelectMany(pair => Scalars(pair.Value)),
        _ => [],
    };
}

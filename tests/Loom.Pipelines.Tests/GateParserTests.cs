using Loom.Pipelines.Gates;
using Loom.Pipelines.Validation;

namespace Loom.Pipelines.Tests;

public sealed class GateParserTests
{
    [Fact]
    public void Rules_read_as_a_metric_an_operator_and_a_number_or_an_alias_s_metric_with_an_offset()
    {
        var gate = GateParser.Parse("""
            apiVersion: loom/v1
            kind: Gate
            name: production
            description: What production needs.
            metrics:
              - auc >= 0.82
              - evaluate.log_loss < 1e-1
              - auc >= production.auc - 0.005
              - ndcg@3 > champion.v2.ndcg@3 + 0.01
              - r2 == staging.r2
            data: { schema: unchanged, missing_values: no-new-columns }
            approvals: 2
            """, "gate.yaml");

        Assert.Equal(("production", "What production needs.", true, true, 2), (gate.Name, gate.Description, gate.SchemaUnchanged, gate.NoNewMissingValues, gate.Approvals));
        Assert.Equal(
            [
                (null, "auc", ">=", null, null, 0.82),
                ("evaluate", "log_loss", "<", null, null, 0.1),
                (null, "auc", ">=", "production", "auc", -0.005),
                (null, "ndcg@3", ">", "champion.v2", "ndcg@3", 0.01),
                (null, "r2", "==", "staging", "r2", 0.0),
            ],
            gate.Metrics.Select(r => ((string?)r.Step, r.Metric, r.Operator, (string?)r.Baseline, (string?)r.BaselineMetric, r.Offset)));
        Assert.Equal(7, gate.Metrics[1].Location.Line);
        Assert.True(gate.Metrics[0].Holds(0.82, 0.82));
        Assert.False(gate.Metrics[1].Holds(0.1, 0.1));
    }

    [Fact]
    public void Every_problem_of_a_gate_is_reported_with_its_line()
    {
        var e = Assert.Throws<PipelineValidationException>(() => GateParser.Parse("""
            apiVersion: loom/v1
            kind: Pipeline
            name: g
            metrics:
              - auc >= high
              - [auc, 0.8]
            data: { schema: unchanged, columns: none }
            approvals: -1
            owner: me
            """, "g.yaml"));

        Assert.Equal(
            [
                "g.yaml:2:7: unsupported kind 'Pipeline'; expected 'Gate'",
                "g.yaml:5:5: metric rule 'auc >= high' is not METRIC OP VALUE; write it like 'auc >= 0.82', 'evaluate.f1 > 0.6' or 'auc >= production.auc - 0.005' (OP is one of >=, >, <=, <, ==)",
                "g.yaml:6:5: a metric rule is one line of text such as 'auc >= 0.82', not a list or mapping",
                "g.yaml:7:28: unknown key 'columns'; expected one of schema, missing_values",
                "g.yaml:8:12: 'approvals' must be a whole number from 0 to 100, found '-1'",
                "g.yaml:9:1: unknown key 'owner'; expected one of apiVersion, kind, name, description, metrics, data, approvals",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    [Theory]
    [InlineData("", "g.yaml:1:1: the file is empty; expected a gate starting with 'apiVersion: loom/v1' and 'kind: Gate'")]
    [InlineData("- auc >= 0.8", "g.yaml:1:1: expected a mapping with apiVersion, kind, name, metrics, data, approvals")]
    [InlineData("apiVersion: loom/v1\nkind: Gate\nname: g\n", "g.yaml:1:1: the gate checks nothing; give it 'metrics', 'data' or 'approvals'")]
    [InlineData("apiVersion: loom/v1\nkind: Gate\nname: g\nmetrics: auc >= 0.8\n", "g.yaml:4:10: 'metrics' must be a list of rules such as '- auc >= 0.82'")]
    [InlineData("apiVersion: loom/v1\nkind: Gate\nname: [g\n", "g.yaml:4:1: malformed YAML")]
    public void A_gate_that_checks_nothing_or_is_not_a_gate_is_refused(string yaml, string error)
    {
        var e = Assert.Throws<PipelineValidationException>(() => GateParser.Parse(yaml, "g.yaml"));
        Assert.StartsWith(error, e.Errors[0].ToString(), StringComparison.Ordinal);
    }
}

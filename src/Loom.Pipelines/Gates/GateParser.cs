using System.Globalization;
using System.Text.RegularExpressions;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Validation;
using Loom.Sdk;
using YamlDotNet.RepresentationModel;

namespace Loom.Pipelines.Gates;

/// <summary>Reads gate YAML (<c>kind: Gate</c>) into a <see cref="GateDocument"/>, keeping line numbers for every error.</summary>
public static partial class GateParser
{
    private static readonly string[] TopLevelKeys = ["apiVersion", "kind", "name", "description", "metrics", "data", "approvals"];
    private static readonly string[] DataKeys = ["schema", "missing_values"];

    /// <summary>Reads a gate file.</summary>
    /// <exception cref="LoomException">The file cannot be read or is not a well-formed gate (a <see cref="PipelineValidationException"/>, every problem with its line).</exception>
    public static GateDocument ParseFile(string path)
    {
        return Parse(YamlReader.ReadFile(path, "gate"), path);
    }

    /// <summary>Reads gate YAML text; <paramref name="sourceFile"/> names it in errors.</summary>
    /// <exception cref="PipelineValidationException">The text is not a well-formed gate.</exception>
    public static GateDocument Parse(string text, string sourceFile)
    {
        ArgumentNullException.ThrowIfNull(text);
        var r = new YamlReader(sourceFile);
        var root = r.LoadRoot(text, "a gate starting with 'apiVersion: loom/v1' and 'kind: Gate'", "apiVersion, kind, name, metrics, data, approvals");
        if (root is null)
        {
            throw new PipelineValidationException(r.Errors);
        }

        r.CheckKeys(root, TopLevelKeys, null);
        r.CheckHeader(root, "Gate");
        var name = r.Scalar(root, "name", required: true) ?? "";
        var metrics = ReadMetrics(root, r);
        var (schema, missing) = ReadData(root, r);
        var approvals = (int)(r.Integer(root, "approvals", null, 0, 100) ?? 0);
        if (r.Errors.Count == 0 && metrics.Count == 0 && !schema && !missing && approvals == 0)
        {
            r.Error(root.Start, "the gate checks nothing; give it 'metrics', 'data' or 'approvals'");
        }

        return r.Errors.Count > 0
            ? throw new PipelineValidationException([.. r.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column)])
            : new GateDocument(name, r.Scalar(root, "description") ?? "", metrics, schema, missing, approvals, sourceFile);
    }

    private static List<MetricRule> ReadMetrics(YamlMappingNode root, YamlReader r)
    {
        var rules = new List<MetricRule>();
        switch (r.Child(root, "metrics"))
        {
            case null:
                return rules;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlScalarNode { Value: { } text })
                    {
                        r.Error(item.Start, "a metric rule is one line of text such as 'auc >= 0.82', not a list or mapping");
                    }
                    else if (Read(text, r.At(item.Start)) is { } rule)
                    {
                        rules.Add(rule);
                    }
                    else
                    {
                        r.Error(item.Start, $"metric rule '{text}' is not METRIC OP VALUE; write it like 'auc >= 0.82', 'evaluate.f1 > 0.6' or 'auc >= production.auc - 0.005' (OP is one of >=, >, <=, <, ==)");
                    }
                }

                return rules;
            case var other:
                r.Error(other.Start, "'metrics' must be a list of rules such as '- auc >= 0.82'");
                return rules;
        }
    }

    private static (bool Schema, bool Missing) ReadData(YamlMappingNode root, YamlReader r)
    {
        if (r.Mapping(root, "data") is not { } data)
        {
            return (false, false);
        }

        r.CheckKeys(data, DataKeys, null);
        var schema = r.Scalar(data, "schema");
        if (schema is not null and not "unchanged" and not "any")
        {
            r.Error(r.Child(data, "schema")!.Start, $"'schema' is 'unchanged' (the model reads the same input columns, of the same types, as the holder of the alias) or 'any', not '{schema}'");
        }

        var missing = r.Scalar(data, "missing_values");
        if (missing is not null and not "no-new-columns" and not "any")
        {
            r.Error(r.Child(data, "missing_values")!.Start, $"'missing_values' is 'no-new-columns' (no column has missing values in the training data where the holder's had none) or 'any', not '{missing}'");
        }

        return (schema == "unchanged", missing == "no-new-columns");
    }

    private static MetricRule? Read(string text, SourceLocation location)
    {
        var match = Rule().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var step = match.Groups["step"].Success ? match.Groups["step"].Value : null;
        var metric = match.Groups["metric"].Value;
        var op = match.Groups["op"].Value;
        if (match.Groups["number"].Success)
        {
            return new MetricRule(text.Trim(), step, metric, op, null, null, Number(match.Groups["number"].Value), location);
        }

        var offset = match.Groups["offset"].Success ? Number(match.Groups["offset"].Value) : 0;
        return new MetricRule(text.Trim(), step, metric, op, match.Groups["alias"].Value, match.Groups["base"].Value, match.Groups["sign"].Value == "-" ? -offset : offset, location);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    // METRIC or STEP.METRIC, an operator, then a number or ALIAS.METRIC with an optional "+ n" or "- n".
    [GeneratedRegex(@"^\s*(?:(?<step>[A-Za-z_][A-Za-z0-9_-]*)\.)?(?<metric>[a-z][a-z0-9_@]*)\s*(?<op>>=|<=|==|>|<)\s*(?:(?<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?<alias>[a-z][a-z0-9._-]*?)\.(?<base>[a-z][a-z0-9_@]*)(?:\s*(?<sign>[-+])\s*(?<offset>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))?)\s*$")]
    private static partial Regex Rule();
}

using Loom.Sdk;
using YamlDotNet.RepresentationModel;

namespace Loom.Pipelines.Documents;

/// <summary>Reads the <c>parameters:</c> section of a pipeline document.</summary>
internal static class ParameterSection
{
    private static readonly string[] Keys = ["type", "default", "description"];

    private static readonly Dictionary<string, ParameterType> Types = new()
    {
        ["string"] = ParameterType.String,
        ["integer"] = ParameterType.Integer,
        ["number"] = ParameterType.Number,
        ["boolean"] = ParameterType.Boolean,
        ["list"] = ParameterType.StringList,
    };

    public static List<PipelineParameter> Read(YamlMappingNode section, YamlReader r)
    {
        var result = new List<PipelineParameter>();
        foreach (var (name, node) in r.Entries(section))
        {
            if (node is not YamlMappingNode spec)
            {
                r.Error(node.Start, "expected '{ type: ..., default: ... }'", null, name);
                continue;
            }

            r.CheckKeys(spec, Keys, null);
            var typeName = r.Scalar(spec, "type") ?? "string";
            if (!Types.TryGetValue(typeName, out var type))
            {
                r.Error(spec.Start, $"unknown type '{typeName}'; expected one of {string.Join(", ", Types.Keys)}", null, name);
                continue;
            }

            var defaultValue = r.Child(spec, "default") is { } d ? r.Value(d, null, name) : null;
            result.Add(new PipelineParameter(name, type, defaultValue is { IsNull: true } ? null : defaultValue, r.Scalar(spec, "description") ?? "", r.At(node.Start)));
        }

        return result;
    }
}

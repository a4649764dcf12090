using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Writing;

/// <summary>
/// Writes a pipeline document as JSON with the same keys as the YAML file, as the REST API speaks
/// it: unquoted numbers and booleans become JSON numbers and booleans, everything else strings.
/// </summary>
public static class PipelineJsonWriter
{
    /// <summary>The document as a JSON object.</summary>
    public static JsonObject Write(PipelineDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = new JsonObject
        {
            ["apiVersion"] = PipelineDocument.ApiVersion,
            ["kind"] = "Pipeline",
            ["name"] = document.Name,
        };
        if (document.Description.Length > 0)
        {
            root["description"] = document.Description;
        }

        root["seed"] = document.Seed;
        if (document.Ci is { } ci)
        {
            root["ci"] = ci;
        }

        if (document.Sla is { } sla)
        {
            var levels = new JsonObject();
            foreach (var (key, text) in sla.Written)
            {
                levels[key] = text;
            }

            root["sla"] = levels;
        }

        var parameters = new JsonObject();
        foreach (var p in document.Parameters)
        {
            var spec = new JsonObject { ["type"] = PipelineYamlWriter.TypeName(p.Type) };
            if (p.Default is { } value)
            {
                spec["default"] = Value(value);
            }

            if (p.Description.Length > 0)
            {
                spec["description"] = p.Description;
            }

            parameters[p.Name] = spec;
        }

        root["parameters"] = parameters;
        var steps = new JsonObject();
        foreach (var step in document.Steps)
        {
            var spec = new JsonObject { ["component"] = step.ComponentReference };
            spec["inputs"] = new JsonObject(step.Inputs.Select(i => KeyValuePair.Create(i.Port, (JsonNode?)JsonValue.Create(i.Source.ToString()))));
            spec["params"] = new JsonObject(step.Parameters.Select(p => KeyValuePair.Create(p.Name, Value(p.Value))));
            if (step.Timeout is { } timeout)
            {
                spec["timeout"] = ScalarStyle.Duration(timeout);
            }

            if (step.Retries is { } retries)
            {
                spec["retries"] = retries;
            }

            if (step.MemoryBytes is { } memory)
            {
                spec["memory"] = ScalarStyle.Memory(memory);
            }

            steps[step.Name] = spec;
        }

        root["steps"] = steps;
        root["outputs"] = new JsonObject(document.Outputs.Select(o => KeyValuePair.Create(o.Name, (JsonNode?)JsonValue.Create(o.Source.ToString()))));
        return root;
    }

    private static JsonNode? Value(RawValue value)
    {
        if (value.Items is { } items)
        {
            return new JsonArray([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);
        }

        var text = value.Scalar ?? "";
        if (value.Quoted)
        {
            return JsonValue.Create(text);
        }

        if (value.IsNull)
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}

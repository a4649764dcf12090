using System.Security.Cryptography;
using System.Text.Json;
using Loom.Pipelines.Documents;
using Loom.Sdk;

namespace Loom.Pipelines.Planning;

/// <summary>
/// Computes the pipeline version: the SHA-256 of the document in a normalized form, so that
/// formatting, comments and key order do not change it but any change of meaning does.
/// </summary>
public static class PipelineHasher
{
    /// <summary>Hashes a document; the result is lower-case hex.</summary>
    public static string Hash(PipelineDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", PipelineDocument.ApiVersion);
            json.WriteString("name", document.Name);
            json.WriteString("description", document.Description);
            json.WriteNumber("seed", document.Seed);
            if (document.Ci is { } ci)
            {
                json.WriteString("ci", ci);
            }

            if (document.Sla is { } sla)
            {
                json.WriteStartObject("sla");
                foreach (var (key, text) in sla.Written)
                {
                    json.WriteString(key, text);
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("parameters");
            foreach (var p in document.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject(p.Name);
                json.WriteString("type", ParameterValues.Spell(p.Type));
                WriteRaw(json, "default", p.Default);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("steps");
            foreach (var step in document.Steps.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                WriteStep(json, step);
            }

            json.WriteEndObject();
            json.WriteStartObject("outputs");
            foreach (var o in document.Outputs.OrderBy(o => o.Name, StringComparer.Ordinal))
            {
                json.WriteString(o.Name, o.Source.ToString());
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteStep(Utf8JsonWriter json, StepDefinition step)
    {
        json.WriteStartObject(step.Name);
        json.WriteString("component", step.ComponentReference);
        json.WriteStartObject("inputs");
        foreach (var b in step.Inputs.OrderBy(b => b.Port, StringComparer.Ordinal))
        {
            json.WriteString(b.Port, b.Source.ToString());
        }

        json.WriteEndObject();
        json.WriteStartObject("params");
        foreach (var s in step.Parameters.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            WriteRaw(json, s.Name, s.Value);
        }

        json.WriteEndObject();
        if (step.Timeout is { } timeout)
        {
            json.WriteNumber("timeoutSeconds", timeout.TotalSeconds);
        }

        if (step.Retries is { } retries)
        {
            json.WriteNumber("retries", retries);
        }

        if (step.MemoryBytes is { } memory)
        {
            json.WriteNumber("memoryBytes", memory);
        }

        json.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter json, string name, RawValue? value)
    {
        if (value?.Items is { } items)
        {
            json.WriteStartArray(name);
            foreach (var item in items)
            {
                json.WriteStringValue(item);
            }

            json.WriteEndArray();
        }
        else if (value is null || value.IsNull)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value.Scalar);
        }
    }
}

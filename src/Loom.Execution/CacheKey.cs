using System.Security.Cryptography;
using System.Text.Json;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.Execution;

/// <summary>
/// The cache key of a step: the hash of its component's identity and implementation, its parameter
/// values, its input artifacts' hashes and its seed. Equal keys mean equal outputs. Input files
/// enter by content hash only, so the same data under another path is still a hit.
/// </summary>
public static class CacheKey
{
    /// <summary>Computes the key of <paramref name="step"/> given the hashes of its inputs.</summary>
    public static string Compute(PlannedStep step, IReadOnlyDictionary<string, string> inputHashes, int seed)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(inputHashes);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("component", step.Component.Manifest.Identity);
            json.WriteString("implementation", step.Component.ImplementationHash);
            json.WriteNumber("seed", seed);
            json.WriteStartObject("params");
            var files = step.Component.Manifest.Parameters.Where(p => p.InputFile).Select(p => p.Name).ToHashSet();
            foreach (var (name, value) in step.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (files.Contains(name))
                {
                    continue; // an input file counts by its content (among the inputs), not by its name
                }

                if (value is not string && value is IEnumerable<string> list)
                {
                    // Each item separately: ["a, b"] and [a, b] must not share a key.
                    json.WriteStartArray(name);
                    foreach (var item in list)
                    {
                        json.WriteStringValue(item);
                    }

                    json.WriteEndArray();
                }
                else
                {
                    json.WriteString(name, value is null ? "\0null" : ParameterValues.Format(value));
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("inputs");
            foreach (var (port, sha) in inputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(port, sha);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>The seed a step receives: fixed for a pipeline seed and step name, whatever the run.</summary>
    public static int StepSeed(int pipelineSeed, string stepName)
    {
        ArgumentNullException.ThrowIfNull(stepName);
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{pipelineSeed}/{stepName}"));
        return BitConverter.ToInt32(hash, 0) & int.MaxValue;
    }
}

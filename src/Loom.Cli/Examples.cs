using System.Reflection;
using Loom.Sdk;

namespace Loom.Cli;

/// <summary>The example workspaces' pipelines and data, embedded in the tool for <c>loom init --example</c>.</summary>
internal static class Examples
{
    private const string Prefix = "examples/";

    private static Assembly Assembly => typeof(Examples).Assembly;

    /// <summary>Names of the examples, such as telco-churn.</summary>
    public static IReadOnlyList<string> Names =>
        [.. Resources().Select(r => r[Prefix.Length..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Writes an example's pipelines and data into a workspace folder; returns the files written, relative.</summary>
    public static async Task<IReadOnlyList<string>> CopyAsync(string name, string root, CancellationToken cancellationToken)
    {
        var resources = Resources().Where(r => r.StartsWith($"{Prefix}{name}/", StringComparison.Ordinal)).ToList();
        if (resources.Count == 0)
        {
            throw new LoomException($"unknown example '{name}'; the examples are {string.Join(", ", Names)}");
        }

        var written = new List<string>();
        foreach (var resource in resources)
        {
            var relative = resource[(Prefix.Length + name.Length + 1)..];
            var target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var source = Assembly.GetManifestResourceStream(resource)!;
            await using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
            await source.CopyToAsync(file, cancellationToken);
            written.Add(relative);
        }

        return written;
    }

    // Resource names use '/' whatever the build machine's separator (see the project file).
    private static IEnumerable<string> Resources() =>
        Assembly.GetManifestResourceNames().Select(n => n.Replace('\\', '/')).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal));
}

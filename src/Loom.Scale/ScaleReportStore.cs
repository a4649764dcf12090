using System.Text.Json;
using Loom.Execution;
using Loom.Sdk;

namespace Loom.Scale;

/// <summary>Scale reports kept in a workspace: <c>.loom/scale-tests/ID/report.json</c> and <c>report.html</c>, each written whole or not at all.</summary>
public static class ScaleReportStore
{
    /// <summary>The folder of a workspace's scale reports.</summary>
    public static string Folder(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Path.Combine(workspace.StateFolder, "scale-tests");
    }

    /// <summary>Writes the report as JSON and HTML; the HTML file's path.</summary>
    public static async Task<string> SaveAsync(Workspace workspace, ScaleReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var folder = Directory.CreateDirectory(Path.Combine(Folder(workspace), report.Id)).FullName;
        await WriteAsync(Path.Combine(folder, "report.html"), ScaleReportHtml.Render(report), cancellationToken).ConfigureAwait(false);
        await WriteAsync(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(report, LoomJson.Options), cancellationToken).ConfigureAwait(false);
        return Path.Combine(folder, "report.html");
    }

    /// <summary>Every report kept, newest first (a report that cannot be read is skipped).</summary>
    public static IReadOnlyList<ScaleReport> List(Workspace workspace)
    {
        var folder = Folder(workspace);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetDirectories(folder)
            .Select(d => Read(Path.Combine(d, "report.json")))
            .OfType<ScaleReport>()
            .OrderByDescending(r => r.StartedAt)
            .ToList();
    }

    /// <summary>The report of an id, or null.</summary>
    public static ScaleReport? Find(Workspace workspace, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return IsId(id) ? Read(Path.Combine(Folder(workspace), id, "report.json")) : null;
    }

    /// <summary>The HTML page of a report, or null.</summary>
    public static string? HtmlPath(Workspace workspace, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var path = Path.Combine(Folder(workspace), id, "report.html");
        return IsId(id) && File.Exists(path) ? path : null;
    }

    // Ids are made by the scale test; anything else (a path, '..') names no report.
    private static bool IsId(string id) => id.Length is > 1 and < 40 && id[0] == 's' && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static ScaleReport? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ScaleReport>(File.ReadAllText(path), LoomJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        var staged = path + ".tmp";
        await File.WriteAllTextAsync(staged, text, cancellationToken).ConfigureAwait(false);
        File.Move(staged, path, overwrite: true);
    }
}

using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Loom.Metadata;
using Loom.Metadata.Records;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Validation;
using Loom.Server.Http;

namespace Loom.Server.Pipelines;

/// <summary>A pipeline file of the workspace: where it is, its text, and its document when it parses.</summary>
internal sealed record PipelineFile(string Name, string Path, string RelativePath, string Yaml, PipelineDocument? Document, string? Version, string? Error);

/// <summary>
/// The pipelines of a workspace: the files in <c>pipelines/</c> (what the CLI runs and Git versions)
/// are the current versions, and every save is also recorded in the metadata store with its author,
/// message and the builder's layout, so that history survives edits.
/// </summary>
internal sealed partial class PipelineLibrary(string root, IMetadataStore store)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    public string Folder { get; } = Path.Combine(root, "pipelines");

    /// <summary>Throws a 400 unless <paramref name="name"/> can name a pipeline (and so a file).</summary>
    public static string CheckName(string name) =>
        NamePattern().IsMatch(name) ? name : throw ApiProblem.BadRequest($"pipeline name '{name}' is not valid: use 1 to 64 lower-case letters, digits, '-' and '_', starting with a letter or digit");

    /// <summary>Every pipeline file, by the name its document declares (the file name when it does not parse).</summary>
    public async Task<IReadOnlyList<PipelineFile>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var files = new List<PipelineFile>();
        foreach (var path in Directory.EnumerateFiles(Folder).Where(IsPipelineFile).Order(StringComparer.Ordinal))
        {
            files.Add(await ReadAsync(path, cancellationToken));
        }

        return [.. files.GroupBy(f => f.Name, StringComparer.Ordinal).Select(g => g.First()).OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>The file of the pipeline named <paramref name="name"/>, or null.</summary>
    public async Task<PipelineFile?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(f => f.Name == name);

    /// <summary>The pipeline's current file, whose version is recorded in the store (a file edited by hand is recorded on first sight).</summary>
    public async Task<(PipelineFile File, PipelineVersionRecord Version)> CurrentAsync(string name, CancellationToken cancellationToken)
    {
        var file = await FindAsync(CheckName(name), cancellationToken) ?? throw ApiProblem.NotFound($"no pipeline named '{name}' in this workspace");
        if (file.Version is null)
        {
            throw new ApiProblem(422, "Invalid pipeline file", $"{file.RelativePath} does not parse: {file.Error}");
        }

        return (file, await RecordedAsync(file, cancellationToken));
    }

    /// <summary>
    /// Saves a new version: writes the file atomically and records the save. <paramref name="baseVersion"/>
    /// null means the pipeline must not exist yet; otherwise it must be the current version.
    /// </summary>
    public async Task<(PipelineVersionRecord Version, bool Created)> SaveAsync(string name, PipelineSource source, string? baseVersion, string author, string message, string? layoutJson, CancellationToken cancellationToken)
    {
        CheckName(name);
        if (source.Document.Name != name)
        {
            throw ApiProblem.BadRequest($"the document is named '{source.Document.Name}' but is saved as '{name}'; a pipeline cannot be renamed by saving (create a new one instead)");
        }

        var gate = locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var existing = await FindAsync(name, cancellationToken);
            if (baseVersion is null && existing is not null)
            {
                throw ApiProblem.Conflict($"a pipeline named '{name}' exists already ({existing.RelativePath}); open it and save a new version instead");
            }

            if (baseVersion is not null)
            {
                if (existing is null)
                {
                    throw ApiProblem.NotFound($"no pipeline named '{name}' in this workspace");
                }

                if (existing.Version != baseVersion)
                {
                    throw ApiProblem.Conflict(
                        $"pipeline '{name}' was changed since version {Short(baseVersion)} was opened: it is at version {Short(existing.Version ?? "unparsable")} now; reload it and apply the change again",
                        new Dictionary<string, object?> { ["current_version"] = existing.Version });
                }

                var current = await RecordedAsync(existing, cancellationToken);
                if (source.Version == current.Version && current.LayoutJson == layoutJson)
                {
                    return (current, false);
                }
            }

            var path = existing?.Path ?? Path.Combine(Folder, name + ".yaml");
            await WriteAtomicallyAsync(path, source.Yaml, cancellationToken);
            var version = new PipelineVersionRecord(name, source.Version, source.Yaml, author, message, DateTimeOffset.UtcNow, layoutJson);
            await store.SavePipelineVersionAsync(version, cancellationToken);
            return (version, existing is null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes the pipeline's file; its recorded versions stay for the runs that used them.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var file = await FindAsync(CheckName(name), cancellationToken) ?? throw ApiProblem.NotFound($"no pipeline named '{name}' in this workspace");
        File.Delete(file.Path);
    }

    private async Task<PipelineVersionRecord> RecordedAsync(PipelineFile file, CancellationToken cancellationToken)
    {
        var recorded = await store.FindPipelineVersionAsync(file.Name, file.Version!, cancellationToken);
        if (recorded is null || recorded.Version != file.Version)
        {
            recorded = new PipelineVersionRecord(file.Name, file.Version!, file.Yaml, "file", $"found in {file.RelativePath}", File.GetLastWriteTimeUtc(file.Path), null);
            await store.SavePipelineVersionAsync(recorded, cancellationToken);
        }

        return recorded;
    }

    public static string Short(string version) => version.Length > 12 ? version[..12] : version;

    private async Task<PipelineFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        var yaml = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            var document = PipelineParser.Parse(yaml, relative);
            return new PipelineFile(document.Name, path, relative, yaml, document, PipelineHasher.Hash(document), null);
        }
        catch (PipelineValidationException e)
        {
            return new PipelineFile(Path.GetFileNameWithoutExtension(path), path, relative, yaml, null, null, e.Errors[0].ToString());
        }
    }

    private async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool IsPipelineFile(string path) =>
        !Path.GetFileName(path).StartsWith('.') && (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal));

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}

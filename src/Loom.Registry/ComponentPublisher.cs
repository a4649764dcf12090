using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Loom.Execution;
using Loom.Metadata;
using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Comparing;
using Loom.Sdk;

namespace Loom.Registry;

/// <summary>
/// Publishes components: takes an upload (a folder or a zip) through the upload checks and the quality gate, checks
/// the version against those published before (immutable versions, semantic-version rules), and stores the built
/// component and its source in the artifact store with a version record. Nothing is stored unless all of it passes.
/// </summary>
/// <param name="store">Where versions are recorded.</param>
/// <param name="artifacts">Where the built component and its source are kept.</param>
/// <param name="gate">The quality gate.</param>
/// <param name="isBuiltIn">Whether a name is a built-in component's.</param>
public sealed class ComponentPublisher(IMetadataStore store, IArtifactStore artifacts, ComponentGate gate, Func<string, bool> isBuiltIn)
{
    /// <summary>Publishes the component at <paramref name="path"/> (a folder, or a .zip file).</summary>
    public async Task<PublishResult> PublishAsync(string path, ComponentOrigin origin, string publishedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var staging = Path.Combine(Path.GetTempPath(), $"loom-upload-{Guid.NewGuid():N}");
        try
        {
            try
            {
                if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    await ComponentUpload.ExtractZipAsync(path, staging, UploadLimits.Default, cancellationToken).ConfigureAwait(false);
                }
                else if (Directory.Exists(path))
                {
                    await ComponentUpload.CopyFolderAsync(path, staging, UploadLimits.Default, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    throw new LoomException($"'{path}' is neither a folder nor a .zip file");
                }
            }
            catch (UploadRejectedException e)
            {
                return Rejected(e);
            }

            return await PublishStagedAsync(staging, origin, publishedBy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Folders.TryDelete(staging);
        }
    }

    /// <summary>Publishes the component in a folder of a Git repository at a tag, branch or commit (the default branch for none).</summary>
    public async Task<PublishResult> ImportAsync(string url, string? reference, string? path, string publishedBy, CancellationToken cancellationToken)
    {
        var fetched = Path.Combine(Path.GetTempPath(), $"loom-import-{Guid.NewGuid():N}");
        try
        {
            ComponentOrigin origin;
            try
            {
                origin = GitImport.Fetch(url, reference, path, fetched, cancellationToken);
            }
            catch (UploadRejectedException e)
            {
                return Rejected(e);
            }

            return await PublishAsync(fetched, origin, publishedBy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Folders.TryDelete(fetched);
        }
    }

    private static PublishResult Rejected(UploadRejectedException e)
    {
        var findings = e.Problems.Select(p => new GateFinding(p, null, "upload only the component's source: project files, code, tests, samples and docs")).ToList();
        return new PublishResult(new GateReport([GateStage.Of("upload", findings)]), null, null, false);
    }

    private async Task<PublishResult> PublishStagedAsync(string staging, ComponentOrigin origin, string publishedBy, CancellationToken cancellationToken)
    {
        // What is published is what was uploaded: hashed and zipped before any of its code runs.
        var content = ContentHash(staging);

        // The same files were gated and published before: nothing to build again.
        if ((await store.ListComponentVersionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).FirstOrDefault(v => v.ContentHash == content) is { } before)
        {
            return new PublishResult(GateReport.FromJson(before.GateReportJson), before, null, true);
        }

        var sourceZip = staging + ".zip";
        try
        {
            ZipFolder(staging, sourceZip);
            using var outcome = await gate.CheckAsync(staging, isBuiltIn, cancellationToken).ConfigureAwait(false);
            if (outcome.Component is not { } built)
            {
                return new PublishResult(outcome.Report, null, null, false);
            }

            var manifest = built.Manifest;
            var published = await store.ListComponentVersionsAsync(manifest.Name, cancellationToken).ConfigureAwait(false);
            if (Refusal(published, manifest, content, out var same) is { } refusal)
            {
                return new PublishResult(outcome.Report, same, same is null ? refusal : null, same is not null);
            }

            var package = await PutFileAsync(built.PackageZip, cancellationToken).ConfigureAwait(false);
            var source = await PutFileAsync(sourceZip, cancellationToken).ConfigureAwait(false);
            var record = new ComponentVersionRecord(
                manifest.Name,
                manifest.Version,
                ManifestJson.Write(manifest),
                built.TypeName,
                built.AssemblyFile,
                package,
                source,
                content,
                origin.Kind,
                origin.Repository,
                origin.Path,
                origin.Commit,
                outcome.Report.ToJson(),
                publishedBy,
                DateTimeOffset.UtcNow);
            if (!await store.PublishComponentAsync(record, cancellationToken).ConfigureAwait(false))
            {
                // Someone published this version meanwhile: judge against what they stored.
                published = await store.ListComponentVersionsAsync(manifest.Name, cancellationToken).ConfigureAwait(false);
                var raced = Refusal(published, manifest, content, out same) ?? $"{manifest.Identity} was published meanwhile";
                return new PublishResult(outcome.Report, same, same is null ? raced : null, same is not null);
            }

            return new PublishResult(outcome.Report, record, null, false);
        }
        finally
        {
            File.Delete(sourceZip);
        }
    }

    /// <summary>Why this version cannot be published next to those that are (with the same version's record when its content is the same), or null.</summary>
    private static string? Refusal(IReadOnlyList<ComponentVersionRecord> published, ComponentManifest manifest, string content, out ComponentVersionRecord? same)
    {
        same = null;
        var existing = published.FirstOrDefault(v => v.Version == manifest.Version);
        if (existing is not null)
        {
            if (existing.ContentHash == content)
            {
                same = existing;
                return $"{manifest.Identity} is published already with the same content";
            }

            var diff = Changes(LineDiff.Compare(Yaml(ManifestJson.Read(existing.ManifestJson)), Yaml(manifest)));
            return $"{manifest.Identity} is published already with other content, and a published version never changes; give this one a new version.\n"
                + (diff.Count == 0 ? "  (the manifests are the same; the code differs)" : "manifest changes from the published version:\n" + string.Join('\n', diff));
        }

        SemanticVersion.TryParse(manifest.Version, out var version);
        var previous = published
            .Select(v => (Record: v, Version: SemanticVersion.TryParse(v.Version, out var parsed) ? parsed : default))
            .Where(v => v.Version.CompareTo(version) < 0)
            .OrderByDescending(v => v.Version)
            .Select(v => v.Record)
            .FirstOrDefault();
        var problems = previous is null ? [] : VersionRules.Check(ManifestJson.Read(previous.ManifestJson), manifest);
        return problems.Count == 0 ? null : $"{manifest.Identity} breaks the version rules against {previous!.Version}:\n" + string.Join('\n', problems.Select(p => "  - " + p));
    }

    /// <summary>The changed lines, each run of them after the two lines before it (which name the parameter or port).</summary>
    private static List<string> Changes(IReadOnlyList<DiffLine> diff)
    {
        var shown = new List<string>();
        for (var i = 0; i < diff.Count; i++)
        {
            if (diff[i].Op == ' ')
            {
                continue;
            }

            if (i == 0 || diff[i - 1].Op == ' ')
            {
                shown.AddRange(diff.Skip(Math.Max(0, i - 2)).Take(Math.Min(2, i)).Select(l => $"    {l.Text}"));
            }

            shown.Add($"  {diff[i].Op} {diff[i].Text}");
        }

        return shown;
    }

    private static string Yaml(ComponentManifest manifest) => ManifestDocument.ToYaml(ManifestDocument.From(manifest));

    private async Task<string> PutFileAsync(string file, CancellationToken cancellationToken)
    {
        var stored = await artifacts.PutAsync(
            async (stream, token) =>
            {
                await using var source = File.OpenRead(file);
                await source.CopyToAsync(stream, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return stored.Sha256;
    }

    /// <summary>Zips a folder's files in path order with a fixed time, so the same files give the same bytes.</summary>
    private static void ZipFolder(string folder, string zipFile)
    {
        using var zip = ZipFile.Open(zipFile, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var entry = zip.CreateEntry(Path.GetRelativePath(folder, file).Replace('\\', '/'), CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var target = entry.Open();
            using var source = File.OpenRead(file);
            source.CopyTo(target);
        }
    }

    /// <summary>A hash of the files' paths and contents, in path order.</summary>
    private static string ContentHash(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

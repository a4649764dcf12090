using Loom.Metadata.Records;

namespace Loom.Execution.Retention;

/// <summary>
/// Deletes artifact files nothing needs any more. Kept: every artifact a run created within the retention window
/// read or wrote; every artifact of a run that is running (or was interrupted, and may be resumed); every artifact
/// of a run a registered model version came from (so its lineage and gates can still read its data), and the
/// version's recorded training baseline; the package and source of every published component version; the outputs of
/// cache entries stored within the window; and any file written or read within the grace period — which is how a run
/// going on alongside protects what it has written or reused before its records say so.
/// </summary>
public sealed class GarbageCollector(Workspace workspace)
{
    /// <summary>Collects (or, with <paramref name="dryRun"/>, only lists) what may go.</summary>
    /// <param name="keep">The retention window: runs and cache entries younger than this keep their artifacts.</param>
    /// <param name="grace">Files written or read more recently than this are kept whatever the records say.</param>
    /// <param name="dryRun">List, delete nothing.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    public async Task<GcReport> CollectAsync(TimeSpan keep, TimeSpan grace, bool dryRun, CancellationToken cancellationToken)
    {
        if (!dryRun)
        {
            workspace.Artifacts.RestoreSetAside();
        }

        var started = DateTimeOffset.UtcNow;
        var cutoff = started - keep;
        var fresh = started.UtcDateTime - grace;
        var (live, liveRuns) = await LiveAsync(cutoff, cancellationToken).ConfigureAwait(false);

        var deleted = new List<GcArtifact>();
        var kept = 0;
        foreach (var (sha, path, lastUsed, bytes) in workspace.Artifacts.Stored().ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (live.Contains(sha) || lastUsed >= fresh)
            {
                kept++;
                continue;
            }

            if (dryRun || TryDelete(path, fresh))
            {
                deleted.Add(new GcArtifact(sha, bytes));
            }
            else
            {
                kept++;
            }
        }

        // Cache entries whose outputs are gone would only send a run to recompute them; they go too.
        var gone = deleted.Select(d => d.Sha256).ToHashSet(StringComparer.Ordinal);
        var entries = 0;
        foreach (var entry in await workspace.Store.ListCacheEntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Outputs.Values.Any(gone.Contains))
            {
                entries++;
                if (!dryRun)
                {
                    await workspace.Store.RemoveCacheAsync(entry.Key, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new GcReport(dryRun, keep, grace, liveRuns, kept, deleted, entries);
    }

    /// <summary>The artifacts the records say are needed, and how many runs hold them.</summary>
    private async Task<(HashSet<string> Live, int Runs)> LiveAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var versions = await workspace.Store.ListModelVersionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var registered = versions.Select(v => v.RunId).ToHashSet(StringComparer.Ordinal);
        var live = versions.Select(v => v.BaselineSha256).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var runs = 0;
        const int Page = 500;
        for (var offset = 0; ; offset += Page)
        {
            var page = await workspace.Store.ListRunsAsync(new RunQuery(Limit: Page, Offset: offset), cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Where(r => r.CreatedAt >= cutoff || r.Status == RunStatus.Running || registered.Contains(r.Id)))
            {
                runs++;
                live.UnionWith((await workspace.Store.GetLineageAsync(run.Id, cancellationToken).ConfigureAwait(false)).Select(l => l.Sha256));
            }

            if (page.Count < Page)
            {
                break;
            }
        }

        // Published components' packages and sources: runs of any age load them, codegen carries them.
        foreach (var component in await workspace.Store.ListComponentVersionsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            live.Add(component.PackageSha256);
            live.Add(component.SourceSha256);
        }

        foreach (var entry in await workspace.Store.ListCacheEntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.CreatedAt >= cutoff)
            {
                live.UnionWith(entry.Outputs.Values);
            }
        }

        return (live, runs);
    }

    /// <summary>
    /// Moves the file aside, then deletes it unless it turns out to have been used since it was looked at (a run
    /// reused it meanwhile): then it goes back. A run that looks for it while it is aside finds it missing and
    /// computes it again, as it does for any missing artifact.
    /// </summary>
    private static bool TryDelete(string path, DateTime fresh)
    {
        var aside = path + ".gc";
        try
        {
            File.Move(path, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (File.GetLastWriteTimeUtc(aside) >= fresh)
        {
            File.Move(aside, path, overwrite: true);
            return false;
        }

        File.Delete(aside);
        return true;
    }
}

/// <summary>What a garbage collection found.</summary>
/// <param name="DryRun">Whether it only listed.</param>
/// <param name="Keep">The retention window.</param>
/// <param name="Grace">The grace period.</param>
/// <param name="LiveRuns">Runs whose artifacts were kept (in the window, running, or behind a registered model).</param>
/// <param name="Kept">Artifact files kept.</param>
/// <param name="Deleted">Artifact files deleted (or, in a dry run, that would be).</param>
/// <param name="CacheEntries">Cache entries removed because an output was deleted.</param>
public sealed record GcReport(bool DryRun, TimeSpan Keep, TimeSpan Grace, int LiveRuns, int Kept, IReadOnlyList<GcArtifact> Deleted, int CacheEntries)
{
    /// <summary>Bytes freed (or that would be).</summary>
    public long Bytes => Deleted.Sum(d => d.Bytes);
}

/// <summary>An artifact file deleted.</summary>
/// <param name="Sha256">Its hash.</param>
/// <param name="Bytes">Its size.</param>
public sealed record GcArtifact(string Sha256, long Bytes);

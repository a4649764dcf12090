using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using Loom.Execution;
using Loom.Sdk;

namespace Loom.Registry;

/// <summary>
/// Takes a component's source from a Git repository (https:// or file://) at a tag, branch or commit: a shallow clone
/// where the transport allows it, no submodules, no hooks, no checkout, and a cap on what is downloaded; the files of
/// the folder asked for are written out of the commit's tree, refusing links and submodules.
/// </summary>
public static partial class GitImport
{
    /// <summary>The most a repository may download.</summary>
    public const long MaxRepositoryBytes = 200L << 20;

    /// <summary>
    /// Writes the files under <paramref name="path"/> in the commit <paramref name="reference"/> names into
    /// <paramref name="target"/> (which must not exist); the origin to record, with the commit's SHA.
    /// </summary>
    /// <exception cref="LoomException">The URL, the reference or the path is wrong, or the repository is too large; the message says which.</exception>
    public static ComponentOrigin Fetch(string url, string? reference, string? path, string target, CancellationToken cancellationToken)
    {
        var normalized = NormalizeUrl(url);
        var folder = (path ?? "").Trim('/');
        var clone = Path.Combine(Path.GetTempPath(), $"loom-git-{Guid.NewGuid():N}");
        var stopped = new StrongBox<string?>();
        try
        {
            using var repository = new Repository(CloneAsNeeded(normalized, reference, clone, stopped, cancellationToken));
            if (repository.Head.Tip is null && !repository.Refs.Any())
            {
                throw new LoomException($"{url}: the repository has no commits");
            }

            var commit = Resolve(repository, reference)
                ?? throw new LoomException($"{url}: no branch, tag or commit '{reference}'; its branches are {string.Join(", ", repository.Branches.Where(b => b.IsRemote).Select(b => b.FriendlyName["origin/".Length..]).Where(b => b != "HEAD"))}");
            var tree = folder.Length == 0 ? commit.Tree : commit[folder]?.Target as Tree
                ?? throw new LoomException($"{url} at {commit.Sha[..12]}: there is no folder '{folder}'");
            var problems = new List<string>();
            Directory.CreateDirectory(target);
            Write(tree, target, folder, problems, new WrittenSoFar(), cancellationToken);
            if (problems.Count > 0)
            {
                Folders.TryDelete(target);
                throw new UploadRejectedException($"{url}//{folder}@{commit.Sha[..12]}", problems);
            }

            return new ComponentOrigin("git", normalized, folder, commit.Sha);
        }
        catch (IOException e)
        {
            Folders.TryDelete(target);
            throw new LoomException($"{url}: the component's files could not be written: {e.Message}", e);
        }
        catch (LibGit2SharpException e)
        {
            Folders.TryDelete(target);
            cancellationToken.ThrowIfCancellationRequested();
            throw new LoomException($"{url}: {stopped.Value ?? e.Message.TrimEnd('.')}", e);
        }
        finally
        {
            DeleteClone(clone);
        }
    }

    /// <summary>
    /// Clones without checking out: over https, shallow at the reference when it is a branch (a clone of that branch)
    /// or a tag (that tag alone, fetched into an empty repository); else, and for a commit SHA (which servers need not
    /// serve on its own), whole.
    /// </summary>
    private static string CloneAsNeeded(string url, string? reference, string clone, StrongBox<string?> stopped, CancellationToken cancellationToken)
    {
        var isCommit = reference is not null && CommitId().IsMatch(reference);
        if (!isCommit && !url.StartsWith("file://", StringComparison.Ordinal))
        {
            try
            {
                return Repository.Clone(url, clone, Options(reference, depth: 1, stopped, cancellationToken));
            }
            catch (LibGit2SharpException) when (reference is not null && stopped.Value is null)
            {
                DeleteClone(clone);
            }

            if (ShallowTag(url, reference!, clone, stopped, cancellationToken))
            {
                return clone;
            }

            // Not a branch or tag, or a server without shallow fetches: fetch it all.
            DeleteClone(clone);
        }

        return Repository.Clone(url, clone, Options(null, depth: 0, stopped, cancellationToken));
    }

    /// <summary>Fetches one tag at depth 1 into a new repository; false when the server has no such tag or cannot.</summary>
    private static bool ShallowTag(string url, string tag, string clone, StrongBox<string?> stopped, CancellationToken cancellationToken)
    {
        try
        {
            using var repository = new Repository(Repository.Init(clone));
            repository.Network.Remotes.Add("origin", url);
            var fetch = Fetching(depth: 1, stopped, cancellationToken);
            fetch.TagFetchMode = TagFetchMode.None;
            Commands.Fetch(repository, "origin", [$"+refs/tags/{tag}:refs/tags/{tag}"], fetch, null);
            return repository.Refs[$"refs/tags/{tag}"] is not null;
        }
        catch (LibGit2SharpException) when (stopped.Value is null)
        {
            return false;
        }
    }

    private static CloneOptions Options(string? branch, int depth, StrongBox<string?> stopped, CancellationToken cancellationToken) =>
        new(Fetching(depth, stopped, cancellationToken)) { Checkout = false, RecurseSubmodules = false, BranchName = branch };

    private static FetchOptions Fetching(int depth, StrongBox<string?> stopped, CancellationToken cancellationToken) => new()
    {
        Depth = depth,
        TagFetchMode = TagFetchMode.All,
        OnTransferProgress = progress =>
        {
            if (progress.ReceivedBytes > MaxRepositoryBytes)
            {
                stopped.Value = $"the repository is larger than {MaxRepositoryBytes >> 20} MB, the most an import takes; keep the component in a smaller repository";
            }

            return stopped.Value is null && !cancellationToken.IsCancellationRequested;
        },
    };

    /// <summary>The commit a branch, tag or (abbreviated) SHA names; the default branch's head for none.</summary>
    private static Commit? Resolve(Repository repository, string? reference)
    {
        if (reference is null)
        {
            return repository.Head.Tip;
        }

        foreach (var name in new[] { $"refs/remotes/origin/{reference}", $"refs/tags/{reference}", $"refs/heads/{reference}" })
        {
            if (repository.Refs[name] is { } found)
            {
                return found.ResolveToDirectReference()?.Target.Peel<Commit>();
            }
        }

        return CommitId().IsMatch(reference) ? repository.Lookup<Commit>(reference) : null;
    }

    private static void Write(Tree tree, string target, string prefix, List<string> problems, WrittenSoFar written, CancellationToken cancellationToken)
    {
        foreach (var entry in tree)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = prefix.Length == 0 ? entry.Name : $"{prefix}/{entry.Name}";

            // Names straight from the tree: nothing outside the target, whatever a crafted repository holds.
            if (entry.Name is "" or "." or ".." || entry.Name.Any(c => c is '/' or '\\' or ':' || char.IsControl(c)))
            {
                problems.Add($"'{name}' is not a name a component's file may have");
                continue;
            }

            var path = Path.Combine(target, entry.Name);
            switch (entry.Mode)
            {
                case Mode.Directory:
                    Directory.CreateDirectory(path);
                    Write((Tree)entry.Target, path, name, problems, written, cancellationToken);
                    break;
                case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile:
                    var blob = (Blob)entry.Target;
                    if (UploadFiles.Problem(name) is { } problem)
                    {
                        problems.Add(problem);
                        continue;
                    }

                    if (++written.Files > UploadLimits.Default.MaxFiles || blob.Size > UploadLimits.Default.MaxFileBytes || (written.Bytes += blob.Size) > UploadLimits.Default.MaxTotalBytes)
                    {
                        problems.Add($"the folder holds more than an upload takes ({UploadLimits.Default.MaxFiles} files, {UploadLimits.Default.MaxFileBytes >> 20} MB a file, {UploadLimits.Default.MaxTotalBytes >> 20} MB in all); '{name}' is past the limit");
                        return;
                    }

                    using (var content = blob.GetContentStream())
                    using (var file = File.Create(path))
                    {
                        content.CopyTo(file);
                    }

                    break;
                case Mode.SymbolicLink:
                    problems.Add($"'{name}' is a symbolic link, which a component does not hold");
                    break;
                default:
                    problems.Add($"'{name}' is a submodule, which an import does not follow; put the component's files in its own repository's folder");
                    break;
            }
        }
    }

    /// <summary>How much an import has written so far.</summary>
    private sealed class WrittenSoFar
    {
        public int Files { get; set; }

        public long Bytes { get; set; }
    }

    private static string NormalizeUrl(string url)
    {
        if (Path.IsPathRooted(url) && Directory.Exists(url))
        {
            return new Uri(url).AbsoluteUri;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeFile)
            ? uri.AbsoluteUri
            : throw new LoomException($"'{url}' is not an https:// or file:// repository URL (or a local repository's folder)");
    }

    private static void DeleteClone(string clone)
    {
        if (!Directory.Exists(clone))
        {
            return;
        }

        // Git marks its object files read-only.
        foreach (var file in Directory.EnumerateFiles(clone, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Folders.TryDelete(clone);
    }

    [GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial Regex CommitId();
}

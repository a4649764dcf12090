namespace Loom.Registry;

/// <summary>Where a component version comes from: an upload, or a folder of a Git repository at a commit.</summary>
/// <param name="Kind"><c>upload</c> or <c>git</c>.</param>
/// <param name="Repository">For <c>git</c>: the repository's URL.</param>
/// <param name="Path">For <c>git</c>: the folder in the repository, or empty for its root.</param>
/// <param name="Commit">For <c>git</c>: the commit's SHA.</param>
public sealed record ComponentOrigin(string Kind, string? Repository = null, string? Path = null, string? Commit = null)
{
    /// <summary>An upload (a folder or a zip).</summary>
    public static ComponentOrigin Upload { get; } = new("upload");

    /// <summary>How the origin is shown: <c>upload</c>, or <c>repository@sha</c> with the path.</summary>
    public override string ToString() =>
        Kind == "git" ? $"{Repository}{(string.IsNullOrEmpty(Path) ? "" : "//" + Path)}@{Commit?[..Math.Min(12, Commit.Length)]}" : Kind;
}

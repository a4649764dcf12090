namespace Loom.Registry;

/// <summary>Which files a component upload may hold, and how their names are checked.</summary>
internal static class UploadFiles
{
    /// <summary>Source, project, documentation and small data files: what a component project is made of.</summary>
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".props", ".targets", ".sln", ".slnx", ".json", ".yaml", ".yml", ".md", ".txt",
        ".csv", ".tsv", ".jsonl", ".parquet", ".editorconfig", ".gitignore", ".gitattributes", ".config", ".xml", ".nupkg",
    };

    /// <summary>Folders a build, a clone or an archiver leaves, which an upload skips rather than carries.</summary>
    public static readonly IReadOnlySet<string> SkippedFolders = new HashSet<string>(StringComparer.Ordinal) { "bin", "obj", ".git", ".vs", ".idea", "__MACOSX" };

    /// <summary>Files an operating system or a clone leaves, which an upload skips rather than carries.</summary>
    public static readonly IReadOnlySet<string> SkippedFiles = new HashSet<string>(StringComparer.Ordinal) { ".DS_Store", "Thumbs.db", ".git" };

    /// <summary>Files without an extension that a project commonly holds.</summary>
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal) { "LICENSE", "NOTICE", "AUTHORS", "CODEOWNERS" };

    /// <summary>The problem with a file's relative path (with '/' separators), or null when it may be taken.</summary>
    public static string? Problem(string path)
    {
        if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return $"'{path}' is an absolute path; an upload holds paths relative to its own folder";
        }

        var segments = path.Split('/');
        if (segments.Contains(".."))
        {
            return $"'{path}' climbs out of its folder ('..'); an upload holds paths inside its own folder";
        }

        if (segments.Any(s => s.Length == 0 || s == "." || s.Any(c => char.IsControl(c) || c == ':')))
        {
            return $"'{path}' has an empty or '.' segment, or a control character or ':' in a name";
        }

        var name = segments[^1];
        if (Plain.Contains(name))
        {
            return null;
        }

        var extension = name.StartsWith('.') && !name[1..].Contains('.', StringComparison.Ordinal) ? name : Path.GetExtension(name);
        return Extensions.Contains(extension)
            ? null
            : $"'{path}' is not a file type a component holds; allowed are {string.Join(", ", Extensions.Order(StringComparer.Ordinal))}";
    }
}

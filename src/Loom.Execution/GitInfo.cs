using System.Diagnostics;

namespace Loom.Execution;

/// <summary>Finds the Git commit of the repository holding a file, when there is one.</summary>
public static class GitInfo
{
    /// <summary>The commit checked out in the repository holding <paramref name="file"/>, or null when it is in none (or git is missing).</summary>
    public static string? CommitOf(string file)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", folder, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null || !git.WaitForExit(5000))
            {
                return null;
            }

            var commit = git.StandardOutput.ReadToEnd().Trim();
            return git.ExitCode == 0 && commit.Length == 40 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}

namespace Loom.Testing;

/// <summary>Copies of the shipped example workspaces, without any run state they may hold.</summary>
public static class ExampleWorkspace
{
    /// <summary>A fresh folder holding the files of <c>examples/NAME</c> except its <c>.loom/</c> folder.</summary>
    public static TempFolder Copy(string example)
    {
        var from = Repository.Path("examples", example);
        var folder = new TempFolder();
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(from, file);
            if (relative.Split(System.IO.Path.DirectorySeparatorChar).Contains(".loom"))
            {
                continue;
            }

            var target = folder.Combine(relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return folder;
    }
}

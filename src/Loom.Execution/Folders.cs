namespace Loom.Execution;

/// <summary>Removes Loom's own temporary folders.</summary>
public static class Folders
{
    /// <summary>Deletes a folder and its content if it exists; a leftover scratch folder is harmless, so failures are ignored.</summary>
    public static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's cleanup; nothing reads scratch folders of finished attempts.
        }
    }
}

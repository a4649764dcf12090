namespace Loom.Pipelines.Comparing;

/// <summary>One line of a line-by-line difference: kept (<c>' '</c>), added (<c>'+'</c>) or removed (<c>'-'</c>).</summary>
/// <param name="Op">The operation.</param>
/// <param name="Text">The line.</param>
public sealed record DiffLine(char Op, string Text);

/// <summary>The shortest line-by-line edit from one text to another (longest common subsequence).</summary>
public static class LineDiff
{
    /// <summary>Texts longer than this many lines each are compared as a whole removal and addition.</summary>
    public const int MaxLines = 5000;

    /// <summary>Every line of both texts in order, marked kept, removed or added.</summary>
    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Lines(before);
        var b = Lines(after);
        if (a.Length > MaxLines || b.Length > MaxLines)
        {
            return [.. a.Select(l => new DiffLine('-', l)), .. b.Select(l => new DiffLine('+', l))];
        }

        // common[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add(new DiffLine(' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                // On a tie the removal comes first, as in a unified diff: the old line, then its replacement.
                lines.Add(new DiffLine('-', a[x++]));
            }
            else
            {
                lines.Add(new DiffLine('+', b[y++]));
            }
        }

        return lines;
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}

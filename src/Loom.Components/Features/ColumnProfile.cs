namespace Loom.Components.Features;

/// <summary>
/// What automatic featurization needs to know of one column, gathered in one streaming pass: its type,
/// how many values are missing, how many distinct texts it has, and how wordy they are. Distinct texts
/// are counted exactly up to <see cref="DistinctCap"/>; beyond that only the share seen so far is known.
/// </summary>
internal sealed class ColumnProfile(string name, ColumnShape shape, int vectorSize = 0)
{
    /// <summary>Most distinct text values remembered per column.</summary>
    public const int DistinctCap = 100_000;

    private readonly HashSet<string> distinct = new(StringComparer.Ordinal);
    private long words;
    private long seen;
    private long seenAtCap;

    public string Name { get; } = name;

    public ColumnShape Shape { get; } = shape;

    /// <summary>For a vector column, its length.</summary>
    public int VectorSize { get; } = vectorSize;

    public long Rows { get; private set; }

    public long Missing { get; private set; }

    /// <summary>Distinct non-missing texts, exact while <see cref="DistinctCapped"/> is false.</summary>
    public int Distinct => distinct.Count;

    /// <summary>Whether there were more distinct texts than <see cref="DistinctCap"/>.</summary>
    public bool DistinctCapped { get; private set; }

    /// <summary>
    /// Distinct texts per non-missing text: 1 when every value differs (an id). Past the cap it is the
    /// share up to the point where the cap was reached.
    /// </summary>
    public double DistinctShare => seenAtCap == 0 ? 0 : (double)distinct.Count / seenAtCap;

    /// <summary>Mean number of space-separated words in the non-missing texts.</summary>
    public double MeanWords => Rows - Missing == 0 ? 0 : (double)words / (Rows - Missing);

    public void AddNumber(double value)
    {
        Rows++;
        Missing += double.IsNaN(value) ? 1 : 0;
    }

    public void AddOther()
    {
        Rows++;
    }

    public void AddText(ReadOnlySpan<char> text)
    {
        Rows++;
        if (text.IsEmpty)
        {
            Missing++;
            return;
        }

        words += CountWords(text);
        seen++;
        if (DistinctCapped)
        {
            return;
        }

        seenAtCap = seen;
        DistinctCapped = distinct.Add(text.ToString()) && distinct.Count >= DistinctCap;
    }

    private static int CountWords(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = c != ' ';
            count += letter && !inWord ? 1 : 0;
            inWord = letter;
        }

        return count;
    }
}

/// <summary>The kinds of column automatic featurization tells apart.</summary>
internal enum ColumnShape
{
    /// <summary>A 64- or 32-bit floating-point number.</summary>
    Number,

    /// <summary>true/false.</summary>
    Boolean,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A fixed-length vector of 32-bit floats, made by an earlier transform.</summary>
    Vector,

    /// <summary>Anything else (keys, integers, variable vectors): not featurized automatically.</summary>
    Other,
}

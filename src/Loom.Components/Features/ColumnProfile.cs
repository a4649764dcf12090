using Microsoft.Data.Analysis;

namespace Loom.Components.Features;

/// <summary>
/// What automatic featurization needs to know of one column, gathered batch by batch: its type, how
/// many values are missing, how many distinct texts it has, and how wordy they are. Distinct texts are
/// counted exactly up to <see cref="DistinctCap"/>; beyond that only the share seen so far is known.
/// </summary>
internal sealed class ColumnProfile(string name, Type type)
{
    /// <summary>Most distinct text values remembered per column.</summary>
    public const int DistinctCap = 100_000;

    private readonly HashSet<string> distinct = new(StringComparer.Ordinal);
    private long words;
    private long seen;
    private long seenAtCap;

    public string Name { get; } = name;

    /// <summary>The column's element type (double, bool, string, ...).</summary>
    public Type Type { get; } = type;

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

    public void Add(DataFrameColumn column)
    {
        Rows += column.Length;
        switch (column)
        {
            case DoubleDataFrameColumn numbers:
                Missing += numbers.LongCount(v => v is not { } d || double.IsNaN(d));
                break;
            case SingleDataFrameColumn numbers:
                Missing += numbers.LongCount(v => v is not { } f || float.IsNaN(f));
                break;
            case StringDataFrameColumn texts:
                foreach (var text in texts)
                {
                    if (string.IsNullOrEmpty(text))
                    {
                        Missing++;
                    }
                    else
                    {
                        AddText(text);
                    }
                }

                break;
            default:
                Missing += column.NullCount;
                break;
        }
    }

    private void AddText(string text)
    {
        words += text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        seen++;
        if (DistinctCapped)
        {
            return;
        }

        seenAtCap = seen;
        DistinctCapped = distinct.Add(text) && distinct.Count >= DistinctCap;
    }
}

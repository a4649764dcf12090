using Loom.Components.Labels;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Data;

/// <summary>How splits and folds put rows together: by class (stratified), by group, or by time order.</summary>
internal static class RowGroups
{
    /// <summary>Row indices per distinct value of a column, in ordinal order of the values (missing as its own value).</summary>
    public static List<List<int>> ByValue(DataFrame table, string column, string step) =>
        (table.Columns.IndexOf(column) >= 0 ? LabelValues.Read(table.Columns[column])
            : throw new DataException($"step '{step}': column '{column}' is not in the table; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}"))
            .Select((value, row) => (value: value ?? "", row))
            .GroupBy(x => x.value, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(x => x.row).ToList())
            .ToList();

    /// <summary>Row indices ordered by a column (numbers by value, text ordinally, so ISO dates sort by time); missing values first.</summary>
    public static List<int> ByOrder(DataFrame table, string column, string step)
    {
        if (table.Columns.IndexOf(column) < 0)
        {
            throw new DataException($"step '{step}': column '{column}' is not in the table; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}");
        }

        var values = table.Columns[column];
        return values switch
        {
            DoubleDataFrameColumn numbers => Enumerable.Range(0, (int)table.Rows.Count).OrderBy(r => numbers[r] ?? double.NaN).ToList(),
            _ => Enumerable.Range(0, (int)table.Rows.Count).OrderBy(r => Tables.CellText.Of(values[r]) ?? "", StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Deals groups of rows into k folds, largest group first into the fold with fewest rows, after a seeded shuffle.</summary>
    public static int[] DealGroups(List<List<int>> groups, int rows, int k, Random random)
    {
        var shuffled = groups.ToArray();
        random.Shuffle(shuffled);
        var fold = new int[rows];
        var sizes = new int[k];
        foreach (var group in shuffled.OrderByDescending(g => g.Count))
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            sizes[smallest] += group.Count;
            group.ForEach(r => fold[r] = smallest);
        }

        return fold;
    }

    /// <summary>Deals the rows of each class round-robin into k folds after a seeded shuffle, so every fold keeps each class's share.</summary>
    public static int[] DealRows(List<List<int>> classes, int rows, int k, Random random)
    {
        var fold = new int[rows];
        var next = 0;
        foreach (var members in classes)
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled);
            foreach (var row in shuffled)
            {
                fold[row] = next;
                next = (next + 1) % k;
            }
        }

        return fold;
    }

    /// <summary>Whole groups of a column, shuffled, taken until they hold <paramref name="fraction"/> of the rows; true for the rows taken.</summary>
    public static bool[] HoldOutGroups(DataFrame table, string column, double fraction, Random random, string step)
    {
        var rows = (int)table.Rows.Count;
        var groups = ByValue(table, column, step).ToArray();
        random.Shuffle(groups);
        var target = (int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero);
        var held = new bool[rows];
        var taken = 0;
        foreach (var group in groups.TakeWhile(_ => taken < target))
        {
            group.ForEach(r => held[r] = true);
            taken += group.Count;
        }

        return held;
    }

    /// <summary>Folds numbered 0 to k-1 that keep every group of a column whole; fails when there are fewer groups than folds.</summary>
    public static int[] GroupFolds(DataFrame table, string column, int k, Random random, string step)
    {
        var groups = ByValue(table, column, step);
        return groups.Count >= k
            ? DealGroups(groups, (int)table.Rows.Count, k, random)
            : throw new DataException($"step '{step}', 'group': column '{column}' has {groups.Count} distinct value(s), too few to fill {k} folds");
    }

    /// <summary>Folds numbered 0 to k-1: whole groups of <paramref name="group"/>, or rows dealt so each class of <paramref name="stratify"/> keeps its share, or rows dealt at random.</summary>
    public static int[] Folds(DataFrame table, int k, string? stratify, string? group, Random random, string step, string parameter)
    {
        var rows = (int)table.Rows.Count;
        if (!string.IsNullOrEmpty(stratify) && !string.IsNullOrEmpty(group))
        {
            throw new DataException($"step '{step}': give at most one of stratify and group");
        }

        if (rows < k)
        {
            throw new DataException($"step '{step}', '{parameter}': {rows} row(s) cannot fill {k} folds");
        }

        if (!string.IsNullOrEmpty(group))
        {
            return GroupFolds(table, group, k, random, step);
        }

        var classes = string.IsNullOrEmpty(stratify) ? [Enumerable.Range(0, rows).ToList()] : ByValue(table, stratify, step);
        return DealRows(classes, rows, k, random);
    }
}

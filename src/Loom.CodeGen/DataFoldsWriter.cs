using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>Writes the DataFolds helper with the ways of numbering folds the steps use (Helpers entries <c>DataFolds.&lt;Way&gt;</c>).</summary>
internal static class DataFoldsWriter
{
    public static string? Write(CodeModel code) => HelperClassWriter.Write(
        code,
        "DataFolds",
        "Numbers each row's fold, 1 to k, for cross-validation: seeded, by class or by group.",
        [("Dealt", Dealt), ("Groups", Groups)],
        Classes);

    private const string Dealt = """
        /// <summary>Rows dealt round-robin into k folds, class by class after a seeded shuffle, so every fold keeps each class's share.</summary>
        public static int[] Dealt<T>(IReadOnlyList<T> rows, Func<T, string> stratum, int k, int seed)
        {
            ArgumentNullException.ThrowIfNull(rows);
            if (rows.Count < k)
            {
                throw new InvalidDataException($"{rows.Count} row(s) cannot fill {k} folds");
            }

            var random = new Random(seed);
            var folds = new int[rows.Count];
            var next = 0;
            foreach (var members in Classes(rows, stratum))
            {
                random.Shuffle(members);
                foreach (var row in members)
                {
                    folds[row] = next + 1;
                    next = (next + 1) % k;
                }
            }

            return folds;
        }
        """;

    private const string Groups = """
        /// <summary>Whole groups into k folds: shuffled, then the largest first into the fold with the fewest rows.</summary>
        public static int[] Groups<T>(IReadOnlyList<T> rows, Func<T, string> group, int k, int seed)
        {
            ArgumentNullException.ThrowIfNull(rows);
            var groups = Classes(rows, group).ToArray();
            if (groups.Length < k)
            {
                throw new InvalidDataException($"{groups.Length} group(s) are too few to fill {k} folds");
            }

            new Random(seed).Shuffle(groups);
            var folds = new int[rows.Count];
            var sizes = new int[k];
            foreach (var members in groups.OrderByDescending(g => g.Length))
            {
                var smallest = Array.IndexOf(sizes, sizes.Min());
                sizes[smallest] += members.Length;
                Array.ForEach(members, row => folds[row] = smallest + 1);
            }

            return folds;
        }
        """;

    private const string Classes = """
        /// <summary>The row numbers of each distinct key, in ordinal order of the keys.</summary>
        private static IEnumerable<int[]> Classes<T>(IReadOnlyList<T> rows, Func<T, string> key) =>
            Enumerable.Range(0, rows.Count).GroupBy(i => key(rows[i]), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray());
        """;
}

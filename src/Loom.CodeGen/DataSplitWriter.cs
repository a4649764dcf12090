using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>Writes the DataSplit helper with the kinds of split the steps use (Helpers entries <c>DataSplit.&lt;Kind&gt;</c>), and no others.</summary>
internal static class DataSplitWriter
{
    public static string? Write(CodeModel code) => HelperClassWriter.Write(
        code,
        "DataSplit",
        "Splits rows into train and test, each side in the original row order.",
        [("Random", Random), ("Stratified", Stratified), ("Groups", Groups), ("Latest", Latest)],
        Parts,
        new Dictionary<string, string> { ["Random"] = "Stratified" }); // a random split is a stratified split with one stratum

    private const string Random = """
        /// <summary>A random split: <paramref name="testFraction"/> of the rows go to test.</summary>
        public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Random<T>(IReadOnlyList<T> rows, double testFraction, int seed) =>
            Stratified(rows, _ => "", testFraction, seed);
        """;

    private const string Stratified = """
        /// <summary>A split in which every stratum (rows with the same key, such as the label) keeps its share on both sides.</summary>
        public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Stratified<T>(IReadOnlyList<T> rows, Func<T, string> stratum, double testFraction, int seed)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(stratum);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(testFraction, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testFraction, 1);
            var random = new System.Random(seed);
            var test = new bool[rows.Count];
            var strata = Enumerable.Range(0, rows.Count).GroupBy(i => stratum(rows[i]), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var members in strata.Select(g => g.ToArray()))
            {
                random.Shuffle(members);
                foreach (var row in members.Take((int)Math.Round(members.Length * testFraction, MidpointRounding.AwayFromZero)))
                {
                    test[row] = true;
                }
            }

            return Parts(rows, test, testFraction);
        }
        """;

    private const string Groups = """
        /// <summary>A split that keeps every group (rows with the same key, such as a customer) whole: groups are shuffled and taken for test until they hold the fraction.</summary>
        public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Groups<T>(IReadOnlyList<T> rows, Func<T, string> group, double testFraction, int seed)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(group);
            var random = new System.Random(seed);
            var groups = Enumerable.Range(0, rows.Count).GroupBy(i => group(rows[i]), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
            random.Shuffle(groups);
            var target = (int)Math.Round(rows.Count * testFraction, MidpointRounding.AwayFromZero);
            var test = new bool[rows.Count];
            var taken = 0;
            foreach (var members in groups.TakeWhile(_ => taken < target))
            {
                Array.ForEach(members, row => test[row] = true);
                taken += members.Length;
            }

            return Parts(rows, test, testFraction);
        }
        """;

    private const string Latest = """
        /// <summary>A split by time: the latest rows go to test, none shuffled, as when a model must predict the future.</summary>
        public static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Latest<T, TTime>(IReadOnlyList<T> rows, Func<T, TTime> time, IComparer<TTime> order, double testFraction)
        {
            ArgumentNullException.ThrowIfNull(rows);
            ArgumentNullException.ThrowIfNull(time);
            var target = (int)Math.Round(rows.Count * testFraction, MidpointRounding.AwayFromZero);
            var test = new bool[rows.Count];
            foreach (var row in Enumerable.Range(0, rows.Count).OrderBy(i => time(rows[i]), order).TakeLast(target))
            {
                test[row] = true;
            }

            return Parts(rows, test, testFraction);
        }
        """;

    private const string Parts = """
        /// <summary>The rows not marked for test, and those marked, each in the original order.</summary>
        private static (IReadOnlyList<T> Train, IReadOnlyList<T> Test) Parts<T>(IReadOnlyList<T> rows, bool[] test, double testFraction)
        {
            var testCount = test.Count(t => t);
            if (testCount == 0 || testCount == rows.Count)
            {
                throw new InvalidDataException($"{rows.Count} row(s) cannot be split with test fraction {testFraction}: one side would have no rows");
            }

            return (rows.Where((_, i) => !test[i]).ToList(), rows.Where((_, i) => test[i]).ToList());
        }
        """;
}

using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: the query runs on the database whose connection string is in the step's environment
/// variable (never in the code), and each column the query returns becomes the type the run found for it by
/// the platform's rules — numbers, true/false, or text (dates and times in ISO 8601); NULL is missing.
/// </content>
internal sealed partial class ReadSql : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var (package, connection) = Provider == "postgresql" ? ("Npgsql", "NpgsqlConnection") : ("Microsoft.Data.Sqlite", "SqliteConnection");
        step.Code.Packages.Add(package);
        step.Code.Usings.Add(package);
        step.Code.Usings.Add("System.Data.Common");
        step.Code.Usings.Add("System.Globalization");
        var values = rows.Shape.Columns.Select(c =>
            $"        {c.Property} = {step.ColumnReader(c, ("SqlNumber", SqlNumber), ("SqlBoolean", SqlBoolean), ("SqlText", SqlText))}(reader, {c.Index}{(c.Kind == "text" ? "" : $", {CSharpLiteral.Of(c.Name)}")}),").ToList();

        step.Code.EnvironmentVariables.Add(ConnectionEnv);
        var variable = CSharpLiteral.Of(ConnectionEnv);
        return new StepMethod(
            $"runs the query on {Provider}, whose connection string is in the environment variable {ConnectionEnv}",
            [],
            [StepCode.TableOutput("table", rows, "table")],
            [
                $"var connectionString = Environment.GetEnvironmentVariable({variable});",
                "if (string.IsNullOrWhiteSpace(connectionString))",
                "{",
                $"    throw new InvalidOperationException({CSharpLiteral.Of($"the environment variable '{ConnectionEnv}' is not set; set it to the {Provider} connection string")});",
                "}",
                "",
                $"using var connection = new {connection}(connectionString);",
                "connection.Open();",
                "using var command = connection.CreateCommand();",
                $"command.CommandText = {CSharpLiteral.Of(Query)};",
                "using var reader = command.ExecuteReader();",
                $"string[] columns = [{string.Join(", ", rows.Shape.Columns.Select(c => CSharpLiteral.Of(c.Name)))}];",
                "if (!Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).SequenceEqual(columns))",
                "{",
                "    throw new InvalidDataException($\"the query returns the columns {string.Join(\", \", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName))}; the code reads {string.Join(\", \", columns)}\");",
                "}",
                "",
                $"var table = new List<{rows.Name}>();",
                "while (reader.Read())",
                "{",
                $"    table.Add(new {rows.Name}",
                "    {",
                .. values,
                "    });",
                "}",
                "",
                $"logger.LogInformation(\"read {{Rows}} rows from {Provider}\", table.Count);",
                "return table;",
            ]);
    }

    private const string SqlNumber = """
        /// <summary>A number column's value: NaN for NULL; a value of another type is refused.</summary>
        private static double SqlNumber(DbDataReader reader, int column, string name) =>
            reader.IsDBNull(column) ? double.NaN
            : reader.GetValue(column) switch
            {
                var value when value is double or float or decimal or long or int or short or byte => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                var value => throw new InvalidDataException($"column '{name}' holds numbers but '{value}' ({value.GetType().Name}) in a later row; cast it in the query"),
            };
        """;

    private const string SqlBoolean = """
        /// <summary>A true/false column's value; NULL is refused.</summary>
        private static bool SqlBoolean(DbDataReader reader, int column, string name) =>
            !reader.IsDBNull(column) && reader.GetValue(column) is bool flag ? flag
            : throw new InvalidDataException($"column '{name}' is boolean but has NULL values, which a true/false column cannot hold");
        """;

    private const string SqlText = """
        /// <summary>A text column's value: empty for NULL; dates and times in ISO 8601, numbers culture-invariant, bytes in base 64.</summary>
        private static string SqlText(DbDataReader reader, int column) =>
            reader.IsDBNull(column) ? ""
            : reader.GetValue(column) switch
            {
                DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
                DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
                TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
                byte[] bytes => Convert.ToBase64String(bytes),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var value => value.ToString() ?? "",
            };
        """;
}

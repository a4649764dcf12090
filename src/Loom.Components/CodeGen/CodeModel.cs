namespace Loom.Components.CodeGen;

/// <summary>
/// What the steps of one pipeline share in the generated code: the row, input and prediction classes,
/// the packages and helpers they need, the data files they read, and members several steps call.
/// </summary>
public sealed partial class CodeModel(string name)
{
    private readonly SortedDictionary<string, string> members = new(StringComparer.Ordinal);
    private readonly List<RowClass> rowClasses = [];

    /// <summary>The solution's name, PascalCase (the pipeline's name).</summary>
    public string Name { get; } = name;

    /// <summary>The class of the model's input: the columns it reads.</summary>
    public string InputClass => Name + "Input";

    /// <summary>The class of one prediction.</summary>
    public string PredictionClass => Name + "Prediction";

    /// <summary>The row classes, in the order steps asked for them; the first is named <c>&lt;Name&gt;Row</c>.</summary>
    public IReadOnlyList<RowClass> RowClasses => rowClasses;

    /// <summary>ML.NET packages beyond Microsoft.ML.</summary>
    public SortedSet<string> Packages { get; } = new(StringComparer.Ordinal);

    /// <summary>Namespaces the training code needs beyond the usual ones.</summary>
    public SortedSet<string> Usings { get; } = new(StringComparer.Ordinal);

    /// <summary>Helper files to add (their names, such as DataSplit).</summary>
    public SortedSet<string> Helpers { get; } = new(StringComparer.Ordinal);

    /// <summary>Data files the generated solution ships: source path to path inside the solution.</summary>
    public Dictionary<string, string> DataFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The environment variables the generated code reads (a database's connection string), which its README names.</summary>
    public SortedSet<string> EnvironmentVariables { get; } = new(StringComparer.Ordinal);

    /// <summary>Shared members of the training class, by name.</summary>
    public IReadOnlyDictionary<string, string> Members => members;

    /// <summary>
    /// The row class of a table shape: the class of an earlier table with the same columns, else a new
    /// one named after the step that makes it.
    /// </summary>
    public RowClass RowsOf(TableShape shape, string step, bool readFromFile = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var rows = rowClasses.FirstOrDefault(c => c.Fits(shape));
        if (rows is null)
        {
            // Neither the class nor its fields class may be named like another class or like one of its own properties.
            var taken = rowClasses.SelectMany(c => new[] { c.Name, c.FieldsName }).Concat([InputClass, PredictionClass]).Concat(shape.Columns.Select(c => c.Property)).ToHashSet(StringComparer.Ordinal);
            var name = rowClasses.Count == 0 ? Name + "Row" : Name + CSharpNames.Pascal(step) + "Row";
            for (var n = 2; taken.Contains(name) || taken.Contains(name[..^3] + "Fields"); n++)
            {
                name = Name + CSharpNames.Pascal(step) + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "Row";
            }

            rows = new RowClass(name, shape);
            rowClasses.Add(rows);
        }

        rows.ReadFromFile |= readFromFile;
        return rows;
    }

    /// <summary>Adds a member several steps share; two steps asking for one name must mean the same code.</summary>
    public void Member(string name, string code, string step)
    {
        if (!members.TryAdd(name, code) && members[name] != code)
        {
            throw new CodeGenException($"step '{step}' needs another '{name}' than an earlier step (two models with one label but different classes, such as another positive class); generated code supports one");
        }
    }
}

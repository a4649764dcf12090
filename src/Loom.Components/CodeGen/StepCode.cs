using Loom.Components.Tables;

namespace Loom.Components.CodeGen;

/// <summary>What an emitter knows of the step it writes: its name and seed, the run's artifacts, and how its parameters were set.</summary>
public sealed class StepCode(string name, string identity, int seed, CodeModel code, IReadOnlyDictionary<string, string> boundParameters, Func<string, bool, string?> artifact)
{
    /// <summary>The step's name in the pipeline.</summary>
    public string Name { get; } = name;

    /// <summary>The component, as <c>name@version</c>.</summary>
    public string Identity { get; } = identity;

    /// <summary>The seed the platform gives this step.</summary>
    public int Seed { get; } = seed;

    /// <summary>Everything shared by the generated code.</summary>
    public CodeModel Code { get; } = code;

    /// <summary>Whether the step has an input bound on a port.</summary>
    public bool HasInput(string port) => artifact(port, false) is not null;

    /// <summary>The artifact the run read on an input port.</summary>
    public string InputArtifact(string port) =>
        artifact(port, false) ?? throw new CodeGenException($"step '{Name}': the run has no artifact on input '{port}'");

    /// <summary>The artifact the run wrote on an output port.</summary>
    public string OutputArtifact(string port) =>
        artifact(port, true) ?? throw new CodeGenException($"step '{Name}': the run has no artifact on output '{port}'");

    /// <summary>A parameter's value in code: the option it is bound to (<c>${params.x}</c>), else the literal.</summary>
    public string Value(string parameter, string literal) => BoundOption(parameter) is { } option ? $"options.{option}" : literal;

    /// <summary>The C# name of the pipeline parameter a step parameter is bound to, or null; the option is then read by the generated code.</summary>
    public string? BoundOption(string parameter)
    {
        if (!boundParameters.TryGetValue(parameter, out var option))
        {
            return null;
        }

        var property = CSharpNames.Pascal(option);
        Code.ReadOptions.Add(property);
        return property;
    }

    /// <summary>
    /// A data file the step reads, shipped with the solution: the path's code — the option it is bound to, whose
    /// default becomes the shipped path, else the shipped path as a literal.
    /// </summary>
    public string ShippedPath(string parameter, string path)
    {
        var shipped = CSharpLiteral.Of(Code.ShipDataFile(path));
        if (BoundOption(parameter) is { } option)
        {
            Code.OptionDefaults[option] = shipped;
        }

        return Value(parameter, shipped);
    }

    /// <summary>The name of the shared member that reads a column of this kind (number, boolean or text), added to the code.</summary>
    public string ColumnReader(TableColumn column, (string Name, string Code) number, (string Name, string Code) boolean, (string Name, string Code) text)
    {
        var (name, code) = column.Kind switch
        {
            "number" => number,
            "boolean" => boolean,
            _ => text,
        };
        Code.Member(name, code, Name);
        return name;
    }

    /// <summary>The row class of the table the run read on an input port.</summary>
    public async Task<RowClass> InputRowsAsync(string port, CancellationToken cancellationToken) =>
        Code.RowsOf(await TableShape.ReadAsync(InputArtifact(port), cancellationToken).ConfigureAwait(false), Name);

    /// <summary>The row class of the table the run wrote on an output port.</summary>
    public async Task<RowClass> OutputRowsAsync(string port, CancellationToken cancellationToken, bool readFromFile = false) =>
        Code.RowsOf(await TableShape.ReadAsync(OutputArtifact(port), cancellationToken).ConfigureAwait(false), Name, readFromFile);

    /// <summary>A parameter for a table input of the step's method.</summary>
    public static MethodPort TableInput(string port, RowClass rows) => new(port, rows.ListType, CSharpNames.Camel(port), rows);

    /// <summary>A table the step's method returns.</summary>
    public static MethodPort TableOutput(string port, RowClass rows, string name) => new(port, rows.ListType, name, rows);

    /// <summary>
    /// The column roles (table.roles) of a table input. Generated code carries their effect rather than the
    /// roles: the step's code is written as the roles made the platform run it.
    /// </summary>
    public async Task<ColumnRoles> RolesAsync(string port, CancellationToken cancellationToken)
    {
        await using var reader = await TableReader.OpenAsync(InputArtifact(port), cancellationToken).ConfigureAwait(false);
        return reader.Roles;
    }

    /// <summary>A step-level error: what cannot be generated.</summary>
    public CodeGenException Unsupported(string why) => new($"step '{Name}' ({Identity}): {why}");
}

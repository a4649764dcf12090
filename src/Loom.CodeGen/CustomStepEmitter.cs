using System.Globalization;
using System.IO.Compression;
using Loom.Components.CodeGen;
using Loom.Metadata.Records;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Loom.Sdk.Tables;

namespace Loom.CodeGen;

/// <summary>
/// A step of a published custom component, as code: the component's source goes into the solution (under
/// <c>components/</c>) and the step's method runs it through its Loom.Sdk interface, as the platform's worker
/// does — the parameters the run used, the step's seed, its tables in and out of a folder of its own.
/// </summary>
internal static class CustomStepEmitter
{
    /// <summary>The step's method; the component's source is added to <paramref name="carried"/>.</summary>
    public static async Task<StepMethod> EmitAsync(StepCode step, PlannedStep planned, ComponentVersionRecord version, string sourceZip, List<CarriedComponent> carried, CancellationToken cancellationToken)
    {
        var manifest = planned.Component.Manifest;
        if (manifest.Inputs.FirstOrDefault(p => p.Kind != ArtifactKind.Table && step.HasInput(p.Name)) is { } input)
        {
            throw step.Unsupported($"input '{input.Name}' is a {input.Kind.ToString().ToLowerInvariant()}; generated code carries custom components whose inputs are tables");
        }

        if (manifest.Outputs.FirstOrDefault(p => p.Kind is not (ArtifactKind.Table or ArtifactKind.Model)) is { } output)
        {
            throw step.Unsupported($"output '{output.Name}' is a {output.Kind.ToString().ToLowerInvariant()}; generated code carries custom components whose outputs are tables and models");
        }

        var component = CarriedComponent.Of(version, sourceZip);
        if (carried.All(c => c.Folder != component.Folder))
        {
            carried.Add(component);
        }

        var inputs = new List<MethodPort>();
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var port in manifest.Inputs.Where(p => step.HasInput(p.Name)))
        {
            inputs.Add(StepCode.TableInput(port.Name, await step.InputRowsAsync(port.Name, cancellationToken).ConfigureAwait(false)));
            if (RolesCode(await step.RolesAsync(port.Name, cancellationToken).ConfigureAwait(false)) is { } code)
            {
                roles[port.Name] = code;
                step.Code.Usings.Add("Loom.Sdk.Tables");
            }
        }

        var outputs = new List<MethodPort>();
        foreach (var port in manifest.Outputs)
        {
            outputs.Add(port.Kind == ArtifactKind.Table
                ? StepCode.TableOutput(port.Name, await step.OutputRowsAsync(port.Name, cancellationToken).ConfigureAwait(false), CSharpNames.Camel(port.Name))
                : new MethodPort(port.Name, "TrainedModel", CSharpNames.Camel(port.Name)));
        }

        foreach (var ns in new[] { "Loom.Sdk", "Loom.Sdk.Testing", "Microsoft.Data.Analysis" }.Concat(outputs.Any(o => o.Rows is null) ? ["Loom.Sdk.Models"] : []))
        {
            step.Code.Usings.Add(ns);
        }

        return new StepMethod(
            $"runs the custom component {manifest.Identity} ({CarriedComponent.FolderName}/{component.Folder}, carried as source) as the platform runs it: through its Loom.Sdk interface, with the run's parameters and the step's seed",
            inputs,
            outputs,
            Body(step, planned, version.TypeName, inputs, outputs, roles));
    }

    /// <summary>The column roles a table input had on the platform, as code; null when it had none.</summary>
    private static string? RolesCode(ColumnRoles roles)
    {
        if (roles.IsEmpty)
        {
            return null;
        }

        var settings = new List<string>();
        if (roles.Label is { } label)
        {
            settings.Add($"Label = {CSharpLiteral.Of(label)}");
        }

        if (roles.Weight is { } weight)
        {
            settings.Add($"Weight = {CSharpLiteral.Of(weight)}");
        }

        if (roles.Group is { } group)
        {
            settings.Add($"Group = {CSharpLiteral.Of(group)}");
        }

        if (roles.Ids.Count > 0)
        {
            settings.Add($"Ids = [{string.Join(", ", roles.Ids.Select(CSharpLiteral.Of))}]");
        }

        if (roles.Features.Count > 0)
        {
            settings.Add($"Features = [{string.Join(", ", roles.Features.Select(CSharpLiteral.Of))}]");
        }

        return $"new ColumnRoles {{ {string.Join(", ", settings)} }}";
    }

    /// <summary>Locals of the step's method, which its table inputs (method parameters) must not be named like.</summary>
    private static readonly string[] Locals = ["component", "folder", "context", "ml"];

    private static List<string> Body(StepCode step, PlannedStep planned, string typeName, List<MethodPort> inputs, List<MethodPort> outputs, Dictionary<string, string> roles)
    {
        if (inputs.FirstOrDefault(i => Locals.Contains(i.Name) || outputs.Any(o => o.Rows is null && Local(o) == i.Name)) is { } clash)
        {
            throw step.Unsupported($"input '{clash.Port}' is named like a variable of the generated method; generated code cannot carry it over");
        }

        var body = new List<string> { $"var component = new global::{typeName}();" };
        var parameters = planned.Component.Manifest.Parameters.Where(p => planned.Parameters.TryGetValue(p.Name, out var v) && v is not null).ToList();
        if (parameters.Count > 0)
        {
            body.Add("ParameterReflection.Apply(component, new Dictionary<string, object?>");
            body.Add("{");
            body.AddRange(parameters.Select(p => $"    [{CSharpLiteral.Of(p.Name)}] = {step.Value(p.Name, Literal(planned.Parameters[p.Name]!))},"));
            body.Add("});");
        }

        body.Add($"var folder = Directory.CreateTempSubdirectory({CSharpLiteral.Of(step.Name + "-")});");
        body.Add("try");
        body.Add("{");
        body.Add($"    var context = new FolderContext(folder.FullName, seed: {step.Seed}, stepName: {CSharpLiteral.Of(step.Name)}, logger: logger);");
        body.Add("    // The training app has no synchronization context, so waiting on the component's tasks is safe.");
        foreach (var input in inputs)
        {
            var withRoles = roles.TryGetValue(input.Port, out var code) ? ", " + code : "";
            body.Add($"    context.WithTableAsync({CSharpLiteral.Of(input.Port)}, {Frames.ToFrame(step.Code, input.Rows!, step.Name)}({input.Name}){withRoles}).GetAwaiter().GetResult();");
        }

        body.Add("    component.ExecuteAsync(context).GetAwaiter().GetResult();");
        if (outputs.Any(o => o.Rows is null))
        {
            // A model may hold the component's own custom mappings: ML.NET finds them in the assemblies registered with it.
            body.Add($"    var ml = new MLContext(seed: {step.Seed});");
            body.Add("    ml.ComponentCatalog.RegisterAssembly(component.GetType().Assembly);");
        }

        // Each output as the method returns it: the table's rows, or the model.
        var returned = outputs.Select(o => o.Rows is { } rows
            ? $"{Frames.ToRows(step.Code, rows, step.Name)}(context.OutputTableAsync({CSharpLiteral.Of(o.Port)}).GetAwaiter().GetResult())"
            : $"new TrainedModel({Local(o)}.Model, {Local(o)}.InputSchema)").ToList();
        foreach (var output in outputs.Where(o => o.Rows is null))
        {
            body.Add($"    var {Local(output)} = ModelPackage.Load(ml, context.Outputs[{CSharpLiteral.Of(output.Port)}]);");
        }

        body.Add(returned.Count == 1 ? $"    return {returned[0]};" : $"    return ({string.Join(", ", returned)});");
        body.Add("}");
        body.Add("finally");
        body.Add("{");
        body.Add("    folder.Delete(recursive: true);");
        body.Add("}");
        return body;
    }

    /// <summary>The local a model output is read into.</summary>
    private static string Local(MethodPort output) => output.Name + "Package";

    /// <summary>A parameter's value as the platform hands it to the component (long, double, bool, string, string[]).</summary>
    private static string Literal(object value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        int i => i.ToString(CultureInfo.InvariantCulture) + "L",
        double d => CSharpLiteral.Of(d),
        bool b => CSharpLiteral.Of(b),
        string s => CSharpLiteral.Of(s),
        IEnumerable<string> list => $"new[] {{ {string.Join(", ", list.Select(CSharpLiteral.Of))} }}",
        _ => CSharpLiteral.Of(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };
}

/// <summary>A custom component's source in the generated solution.</summary>
/// <param name="Folder">Its folder under <c>components/</c>: the component's name.</param>
/// <param name="SourceZip">The source as published.</param>
/// <param name="Projects">Its project files, relative to the solution: the component's first, then its tests'.</param>
public sealed record CarriedComponent(string Folder, string SourceZip, IReadOnlyList<string> Projects)
{
    /// <summary>The solution's folder of carried components.</summary>
    public const string FolderName = "components";

    /// <summary>The component's project, relative to the solution.</summary>
    public string Project => Projects[0];

    /// <summary>The source of a published version, with the project that builds its assembly.</summary>
    public static CarriedComponent Of(ComponentVersionRecord version, string sourceZip)
    {
        using var zip = ZipFile.OpenRead(sourceZip);
        var projects = zip.Entries.Select(e => e.FullName).Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var main = Path.GetFileNameWithoutExtension(version.AssemblyFile);
        if (projects.All(p => Path.GetFileNameWithoutExtension(p) != main))
        {
            throw new CodeGenException($"component {version.Name}@{version.Version}: its published source has no project {main}.csproj");
        }

        return new CarriedComponent(version.Name, sourceZip, [.. projects.OrderBy(p => Path.GetFileNameWithoutExtension(p) == main ? 0 : 1).Select(p => $"{FolderName}/{version.Name}/{p}")]);
    }

    /// <summary>The files to write: the source as published, without its own NuGet settings and solution (the generated solution's apply).</summary>
    public IEnumerable<(string Path, ZipArchiveEntry Entry)> Files(ZipArchive zip) =>
        // Entry names were checked when the component was published (no rooted or '..' paths).
        zip.Entries
            .Where(e => e.Name.Length > 0 && !(e.FullName.IndexOf('/') < 0 && (e.Name.Equals("nuget.config", StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith(".sln", StringComparison.Ordinal) || e.Name.EndsWith(".slnx", StringComparison.Ordinal))))
            .Select(e => ($"{FolderName}/{Folder}/{e.FullName}", e));
}

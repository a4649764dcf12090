using System.Reflection;
using System.Text.Json;
using Loom.Sdk;
using Loom.Sdk.Testing;

namespace Loom.Worker;

/// <summary>
/// The worker process's side: reads one request from standard input, loads the component's assembly in a context of
/// its own, does what was asked, and reports on standard output. Nothing else of Loom is reachable from here: no
/// metadata store, no artifact store, only the files the request names.
/// </summary>
public static class WorkerHost
{
    /// <summary>Serves one request; the process's exit code (0 when the result is <c>described</c> or <c>done</c>).</summary>
    public static async Task<int> RunAsync(TextReader input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var writer = new MessageWriter(output);
        try
        {
            var request = JsonSerializer.Deserialize<WorkerRequest>(await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false), WorkerJson.Options)
                ?? throw new LoomException("the worker's request is empty");
            var assembly = Load(request.AssemblyPath);
            writer.Write(request.Action switch
            {
                WorkerRequest.Describe => new WorkerMessage(WorkerMessage.Described, Components: Describe(assembly)),
                WorkerRequest.Run => new WorkerMessage(WorkerMessage.Done, Outputs: await RunStepAsync(assembly, request, writer, cancellationToken).ConfigureAwait(false)),
                _ => throw new LoomException($"the worker does not know the action '{request.Action}'; it knows '{WorkerRequest.Describe}' and '{WorkerRequest.Run}'"),
            });
            return 0;
        }
        catch (JsonException e)
        {
            writer.Write(new WorkerMessage(WorkerMessage.Failed, Message: $"the worker's request is not valid JSON: {e.Message}"));
        }
        catch (LoomException e)
        {
            writer.Write(new WorkerMessage(WorkerMessage.Failed, Message: e.Message, Transient: e.IsTransient));
        }
        catch (System.Reflection.ReflectionTypeLoadException e)
        {
            var causes = e.LoaderExceptions.OfType<Exception>().Select(l => l.Message).Distinct().Take(3);
            writer.Write(new WorkerMessage(WorkerMessage.Failed, Message: $"the component's assembly could not be loaded: {string.Join("; ", causes)}"));
        }
        catch (OutOfMemoryException)
        {
            writer.Write(new WorkerMessage(WorkerMessage.Failed, Message: $"the component ran out of memory: it needs more than the step's memory limit of {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20} MB (execution.custom_step_memory_mb in loom.yaml)"));
        }
        catch (Exception e)
        {
            writer.Write(new WorkerMessage(WorkerMessage.Failed, Message: $"{e.GetType().Name}: {e.Message}"));
        }

        return 1;
    }

    private static Assembly Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoomException($"the component's assembly {path} is missing");
        }

        return new ComponentLoadContext(path).LoadFromAssemblyPath(Path.GetFullPath(path));
    }

    private static List<DescribedComponent> Describe(Assembly assembly)
    {
        var described = new List<DescribedComponent>();
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IComponent).IsAssignableFrom(t)))
        {
            try
            {
                described.Add(new DescribedComponent(type.FullName!, ManifestJson.Write(ManifestReader.Read(type)), null));
            }
            catch (Exception e) when (e is ArgumentException or TargetInvocationException or MissingMethodException)
            {
                described.Add(new DescribedComponent(type.FullName!, null, (e.InnerException ?? e).Message));
            }
        }

        return described;
    }

    private static async Task<IReadOnlyDictionary<string, string>> RunStepAsync(Assembly assembly, WorkerRequest request, MessageWriter writer, CancellationToken cancellationToken)
    {
        var type = assembly.GetType(request.TypeName ?? "", throwOnError: false)
            ?? throw new LoomException($"the component's assembly has no class {request.TypeName}");
        var manifest = ManifestReader.Read(type);
        var component = (IComponent)Activator.CreateInstance(type, nonPublic: true)!;
        ParameterReflection.Apply(component, ManifestJson.ReadValues(request.ParametersJson ?? "{}", manifest));
        var folder = request.Folder ?? throw new LoomException("the worker's run request names no folder");
        var context = new FolderContext(folder, request.Seed, request.StepName, new MessageLogger(writer))
        {
            CancellationToken = cancellationToken,
            OnProgress = (fraction, message) => writer.Write(new WorkerMessage(WorkerMessage.Progress, Message: message, Fraction: fraction)),
        };
        foreach (var input in request.Inputs ?? [])
        {
            context.WithInput(input.Port, input.Path, input.Kind, input.Sha256);
        }

        await component.ExecuteAsync(context).ConfigureAwait(false);
        var undeclared = context.Outputs.Keys.Where(port => manifest.FindOutput(port) is null).ToList();
        if (undeclared.Count > 0)
        {
            throw new LoomException($"{manifest.Identity} wrote output(s) {string.Join(", ", undeclared)}, which its manifest does not declare");
        }

        var missing = manifest.Outputs.Where(o => !context.Outputs.ContainsKey(o.Name)).Select(o => o.Name).ToList();
        return missing.Count == 0
            ? context.Outputs
            : throw new LoomException($"{manifest.Identity} finished without writing output(s) {string.Join(", ", missing)}");
    }
}

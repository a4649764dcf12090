using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace Loom.Components.CodeGen;

/// <summary>
/// Where a saved model says its custom mappings live. ML.NET records the assembly of a custom mapping's
/// method when it saves the model, and loads that assembly by name before it looks the mapping up by its
/// contract name. Models the platform trains name the platform's assembly; the generated library defines
/// the same mapping under the same contract name, so the model it ships must name the generated library.
/// </summary>
internal static class CustomMappings
{
    // ML.NET 5 keeps the recorded assembly in a private field and offers no other way to set it.
    private const string AssemblyField = "_contractAssembly";

    /// <summary>Makes every custom mapping in a model record <paramref name="assembly"/> when the model is saved.</summary>
    public static void SaveAsIn(ITransformer model, string assembly)
    {
        foreach (var mapping in All(model).Where(t => t.GetType().IsGenericType && t.GetType().GetGenericTypeDefinition() == typeof(CustomMappingTransformer<,>)))
        {
            var field = mapping.GetType().GetField(AssemblyField, BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new CodeGenException($"this ML.NET version keeps no '{AssemblyField}' in its custom mappings, so a model with date parts cannot be carried into generated code");
            field.SetValue(mapping, assembly);
        }
    }

    private static IEnumerable<ITransformer> All(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(All) : [model];
}

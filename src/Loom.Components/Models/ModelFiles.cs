using Microsoft.ML;

namespace Loom.Components.Models;

/// <summary>Reads model artifacts with the custom mappings of Loom's own components (date parts) registered.</summary>
internal static class ModelFiles
{
    public static ModelPackage Load(MLContext ml, string path)
    {
        ml.ComponentCatalog.RegisterAssembly(typeof(ModelFiles).Assembly);
        return ModelPackage.Load(ml, path);
    }
}

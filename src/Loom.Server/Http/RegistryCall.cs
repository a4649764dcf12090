using Loom.Execution.Registry;

namespace Loom.Server.Http;

/// <summary>Runs a registry call (models or pipeline pins), answering 404 and 409 for what the registry does not have or will not change.</summary>
internal static class RegistryCall
{
    public static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RegistryNotFoundException e)
        {
            throw ApiProblem.NotFound(e.Message);
        }
        catch (RegistryConflictException e)
        {
            throw ApiProblem.Conflict(e.Message);
        }
    }
}

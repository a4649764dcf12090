using Loom.Sdk;
using Microsoft.AspNetCore.Builder;

namespace Loom.Cli;

/// <summary>What <c>loom server</c> and <c>loom serve</c> share: checking <c>--urls</c> and starting to listen with a clear error.</summary>
internal static class Listening
{
    /// <summary>Each address must be an absolute http or https URL such as http://127.0.0.1:5080.</summary>
    public static string CheckUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new LoomException($"--urls: '{url}' is not an http or https address; expected for example http://127.0.0.1:5080");
            }
        }

        return urls.Trim().Length > 0 ? urls : throw new LoomException("--urls: no address given; expected for example http://127.0.0.1:5080");
    }

    /// <summary>Starts listening; a port in use (or another bind failure) is a <see cref="LoomException"/> that says what to do.</summary>
    public static async Task StartAsync(WebApplication app, string addresses, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            // Kestrel's AddressInUseException and other bind failures.
            throw new LoomException($"cannot listen on {addresses}: {e.Message.TrimEnd('.')}; choose another address with --urls", e);
        }
    }
}

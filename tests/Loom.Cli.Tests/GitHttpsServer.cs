using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loom.Cli.Tests;

/// <summary>
/// A Git server over https on 127.0.0.1, as a hosting service would be: Kestrel with a self-signed certificate (its PEM
/// written to <see cref="CertificateFile"/>, which clients trust through <c>SSL_CERT_FILE</c>) answering Git's smart
/// HTTP protocol through <c>git http-backend</c> for the repositories under a folder.
/// </summary>
internal sealed class GitHttpsServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private GitHttpsServer(WebApplication app, string certificateFile)
    {
        this.app = app;
        CertificateFile = certificateFile;
        Address = new Uri(app.Urls.Single());
    }

    /// <summary>The server's root, such as <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The server's certificate as PEM.</summary>
    public string CertificateFile { get; }

    /// <summary>The bodies of the fetch requests (<c>git-upload-pack</c>) clients sent, as text.</summary>
    public ConcurrentQueue<string> Fetches { get; } = new();

    /// <summary>Serves the bare repositories under <paramref name="root"/>; the certificate's PEM goes to <paramref name="certificateFile"/>.</summary>
    public static async Task<GitHttpsServer> StartAsync(string root, string certificateFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(certificateFile, created.ExportCertificatePem());
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        GitHttpsServer? server = null;
        app.Run(context => BackendAsync(context, root, server!.Fetches));
        await app.StartAsync();
        server = new GitHttpsServer(app, certificateFile);
        return server;
    }

    /// <summary>One request through <c>git http-backend</c> as CGI: the request in its environment and on its input, the answer's headers and body from its output.</summary>
    private static async Task BackendAsync(HttpContext context, string root, ConcurrentQueue<string> fetches)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (context.Request.Path.Value?.EndsWith("/git-upload-pack", StringComparison.Ordinal) == true)
        {
            fetches.Enqueue(Text(body.ToArray(), encoding));
        }

        var info = new ProcessStartInfo("git", ["http-backend"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["GIT_PROJECT_ROOT"] = root;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["REQUEST_METHOD"] = context.Request.Method;
        info.Environment["PATH_INFO"] = context.Request.Path.Value ?? "/";
        info.Environment["QUERY_STRING"] = context.Request.QueryString.Value?.TrimStart('?') ?? "";
        info.Environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        info.Environment["CONTENT_LENGTH"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        info.Environment["GIT_PROTOCOL"] = context.Request.Headers["Git-Protocol"].ToString();
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(body.ToArray());
        process.StandardInput.Close();

        var output = process.StandardOutput.BaseStream;
        while (ReadHeaderLine(output) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        await output.CopyToAsync(context.Response.Body);
        await process.WaitForExitAsync();
        await errors;
    }

    /// <summary>A CGI header line without its line end; empty at the blank line that ends the headers.</summary>
    private static string ReadHeaderLine(Stream stream)
    {
        var line = new StringBuilder();
        for (var b = stream.ReadByte(); b is >= 0 and not '\n'; b = stream.ReadByte())
        {
            line.Append((char)b);
        }

        return line.ToString().TrimEnd('\r');
    }

    private static string Text(byte[] body, string encoding)
    {
        if (!encoding.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.Latin1.GetString(body);
        }

        using var inflated = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress))
        {
            gzip.CopyTo(inflated);
        }

        return Encoding.Latin1.GetString(inflated.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

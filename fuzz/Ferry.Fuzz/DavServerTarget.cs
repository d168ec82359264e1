using System.Net;
using System.Text;
using System.Xml;
using Ferry.Core.Access;
using Ferry.Core.Access.Locks;
using Ferry.Core.Identity;
using Ferry.Core.Limits;
using Ferry.Core.Paths;
using Ferry.Core.Properties;
using Ferry.Core.Storage.Memory;
using Ferry.WebDav;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Ferry.Fuzz;

/// <summary>
/// The whole WebDAV engine on in-memory storage: the input is a few requests, separated by NUL bytes,
/// each a line "METHOD target", header lines, an empty line and its body, sent in turn by one account
/// to one tree (so a PROPPATCH, LOCK or MOVE is seen by the requests after it). No request may fail
/// inside the server (a 500, or an error it logs), and every multistatus it answers, a PROPFIND's
/// echo of stored properties and lock owners included, is well-formed XML.
/// </summary>
public static class DavServerTarget
{
    /// <summary>Enough requests for a set-up, the request under test and a look at what it left.</summary>
    private const int MaxRequests = 8;

    private static readonly string Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FuzzAccount.User}:{FuzzAccount.User}"));

    private static readonly XmlReaderSettings StrictReader = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static void Run(byte[] input) => RunAsync(input).GetAwaiter().GetResult();

    private static async Task RunAsync(byte[] input)
    {
        var time = TimeProvider.System;
        var storage = new InMemoryStorage(time: time);
        var login = FuzzAccount.Login(new LoginPolicyOptions { FailureDelay = TimeSpan.Zero }, time);
        var access = new AccessService(login, new SessionRegistry(SessionLimits.None, time), _ => storage, _ => new LockSite("tree", VfsPath.Root))
        {
            Limiters = AccountLimiters.Create(BandwidthLimits.None, time),
        };
        var errors = new ErrorLog();
        var services = new DavServices(new WebDavOptions(), access, new InMemoryLockManager(new LockOptions(), time), new InMemoryPropertyStore(), errors, time);
        var server = new WebDavServer(services);

        var text = Encoding.UTF8.GetString(input);
        foreach (var request in text.Split('\0').Take(MaxRequests))
        {
            if (await SendAsync(server, request) is not { } response)
            {
                continue;
            }

            var (status, body, line) = response;
            if (status == StatusCodes.Status500InternalServerError || errors.First is not null)
            {
                throw new FuzzFinding($"'{line}' failed in the server: {status} {errors.First}");
            }

            if (status == StatusCodes.Status207MultiStatus && !IsWellFormed(body))
            {
                throw new FuzzFinding($"'{line}' answered a multistatus that is not well-formed XML: {Encoding.UTF8.GetString(body)}");
            }
        }
    }

    /// <summary>Sends one request; null when Kestrel would have refused its request line before any handler saw it.</summary>
    private static async Task<(int Status, byte[] Body, string Line)?> SendAsync(WebDavServer server, string request)
    {
        var split = request.IndexOf("\n\n", StringComparison.Ordinal);
        var head = (split < 0 ? request : request[..split]).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var body = Encoding.UTF8.GetBytes(split < 0 ? "" : request[(split + 2)..]);
        var line = head[0];
        var space = line.IndexOf(' ');
        var method = space <= 0 ? line : line[..space];
        var target = space <= 0 ? "/" : line[(space + 1)..];
        if (!IsToken(method) || target.Any(char.IsControl))
        {
            return null;
        }

        var http = new DefaultHttpContext();
        http.Request.Method = method.Length == 0 ? "GET" : method;
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        var query = target.IndexOfAny(['?', '#']);
        var path = query < 0 ? target : target[..query];
        http.Request.Path = path.StartsWith('/') ? new PathString(Uri.UnescapeDataString(path)) : PathString.Empty;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1", 8080);
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Connection.LocalIpAddress = IPAddress.Loopback;
        http.Connection.LocalPort = 8080;
        http.Connection.Id = "fuzz";
        http.Request.Headers.Authorization = Authorization;
        foreach (var header in head.Skip(1))
        {
            // Only what Kestrel passes on: a token for the name, no control character but tab in the value.
            var colon = header.IndexOf(':');
            var value = colon > 0 ? header[(colon + 1)..].Trim() : "";
            if (colon > 0 && IsToken(header[..colon]) && !value.Any(c => char.IsControl(c) && c != '\t'))
            {
                http.Request.Headers.Append(header[..colon], value);
            }
        }

        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        var responseBody = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        http.Response.Body = responseBody;
        await server.HandleAsync(http);
        await http.Response.CompleteAsync();
        return (http.Response.StatusCode, responseBody.ToArray(), line);
    }

    /// <summary>An HTTP token (RFC 9110 5.6.2): what a method and a header name are made of.</summary>
    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool IsWellFormed(byte[] body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), StrictReader);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    /// <summary>Takes the first error the server logs: an exception it caught is still a finding.</summary>
    private sealed class ErrorLog : ILoggerFactory, ILogger
    {
        public string? First { get; private set; }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                First ??= formatter(state, exception) + " " + exception;
            }
        }

        public void Dispose()
        {
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ferry.Configuration;
using Ferry.Core.Net;

namespace Ferry.Admin;

/// <summary>
/// Talks to a running server's admin endpoint on this machine, with the token from the data folder:
/// what `ferry status`, `ferry session kill` and `ferry ban list|remove` use.
/// </summary>
public sealed class AdminClient : IDisposable
{
    /// <summary>A loopback call answers in milliseconds; a server that does not is hung, and the operator should hear so soon.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;

    public AdminClient(Uri baseAddress, string token)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The client for the server these settings describe; a sentence for the operator when it cannot be made.</summary>
    public static AdminClient For(AdminSettings admin, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!admin.Enabled)
        {
            throw new AdminClientException("The admin endpoint is turned off (Admin:Port is 0); set a port and restart ferry.");
        }

        string token;
        try
        {
            token = AdminToken.Read(dataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new AdminClientException($"Cannot read the admin token {AdminToken.PathIn(dataDirectory)}: {ex.Message} Run this as the server's user, with the same --data or --config, after the server has started once.");
        }

        return new AdminClient(new Uri($"http://{UrlHost.Of(admin.ClientAddress)}:{admin.Port}/"), token);
    }

    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type) => SendAsync(HttpMethod.Get, path, type);

    public Task<AdminMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, AdminJson.Default.AdminMessage);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> type)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(new HttpRequestMessage(method, path)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new AdminClientException($"No answer from the admin endpoint at {BaseAddress}: {ex.Message} Is ferry running, with this Admin:Port?");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return JsonSerializer.Deserialize(body, type) ?? throw new AdminClientException($"The admin endpoint sent an empty answer to {method} {path}.");
            }

            var message = TryMessage(body) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
            throw response.StatusCode == HttpStatusCode.Unauthorized
                ? new AdminClientException($"The admin endpoint refused the token in the data folder ({message}); is this the server's data folder?")
                : new AdminClientException(message, notFound: response.StatusCode == HttpStatusCode.NotFound);
        }
    }

    private static string? TryMessage(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AdminJson.Default.AdminMessage)?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Why an admin command could not do its work, in a sentence for the operator.</summary>
public sealed class AdminClientException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>The session or ban named does not exist (exit code 1, not a failure to reach the server).</summary>
    public bool NotFound { get; } = notFound;
}

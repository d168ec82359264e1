namespace Ferry.Bench;

/// <summary>What the metrics check of one response: its status, how many body bytes came, and
/// whether the connection may carry the next request.</summary>
public readonly record struct HttpResponse(int Status, long BodyBytes, bool KeepAlive);

/// <summary>The server sent something that is not an HTTP/1.x response, stopped in the middle of one, or
/// answered a request wrongly (status, size).</summary>
public sealed class HttpResponseException(string message) : Exception(message);

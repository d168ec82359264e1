using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Bench;

/// <summary>Where and how the HTTP (WebDAV) client metrics connect: one account, Basic authentication.</summary>
/// <param name="Tls">HTTPS: TLS from the first byte, any certificate accepted (loopback, self-signed).</param>
public sealed record HttpTarget(IPEndPoint Endpoint, string User, string Password, bool Tls, string Label)
{
    public static HttpTarget FromArguments(BenchArguments args)
    {
        var address = LoopbackAddress.Parse(args.String("host", "127.0.0.1"));
        var port = args.Int("port", 8080, 1, 65535);
        return new HttpTarget(
            new IPEndPoint(address, port),
            args.RequiredString("user"),
            args.RequiredString("pass"),
            args.Flag("tls"),
            args.String("label", ""));
    }

    /// <summary>The Host header: an IPv6 literal goes in brackets (RFC 3986).</summary>
    public string HostHeader => Endpoint.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{Endpoint.Address}]:{Endpoint.Port}"
        : $"{Endpoint.Address}:{Endpoint.Port}";

    /// <summary>"Basic base64(user:password)"; the user name and password as UTF-8 (RFC 7617).</summary>
    public string Authorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    /// <summary>Never prints the password: records and logs may be shown around.</summary>
    public override string ToString() => $"{(Tls ? "https" : "http")}://{HostHeader} as {User} ({Label})";
}

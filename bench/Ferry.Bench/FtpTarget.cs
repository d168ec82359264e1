using System.Net;

namespace Ferry.Bench;

/// <summary>Where and how the FTP client metrics log on.</summary>
/// <param name="Tls">AUTH TLS + PBSZ 0 + PROT P before USER, TLS on data connections too.</param>
/// <param name="Epsv">EPSV instead of PASV for data connections.</param>
public sealed record FtpTarget(IPEndPoint Endpoint, string User, string Password, bool Tls, bool Epsv, string Label)
{
    public static FtpTarget FromArguments(BenchArguments args)
    {
        var address = LoopbackAddress.Parse(args.String("host", "127.0.0.1"));
        var port = args.Int("port", 2121, 1, 65535);
        return new FtpTarget(
            new IPEndPoint(address, port),
            args.RequiredString("user"),
            args.RequiredString("pass"),
            args.Flag("tls"),
            args.Flag("epsv"),
            args.String("label", ""));
    }
}

using System.CommandLine;
using Ferry.Cli;

namespace Ferry.Tls;

/// <summary>`ferry tls fingerprint`: its options and help; the work is <see cref="TlsCommand"/>.</summary>
public static class TlsCommandDefinition
{
    public static Command Create()
    {
        var configuration = ConfigurationOptions.All();
        var fingerprint = new DocumentedCommand(
            "fingerprint",
            "Print the SHA-256 and SHA-1 fingerprints of the certificate `ferry serve` uses.",
            """
            Compare them with what a client shows before trusting the certificate (lftp, FileZilla and
            WinSCP show SHA-1, browsers SHA-256). Give the same configuration flags as to `serve`, so
            that it reads the same certificate. The self-signed certificate is made by the first
            `ferry serve`, never by this command.
            """);
        configuration.AddTo(fingerprint);
        fingerprint.SetAction(parseResult => TlsCommand.Fingerprint(configuration.Load(parseResult)));

        return new Command("tls", "The TLS certificate that FTPS and HTTPS use.") { fingerprint };
    }
}

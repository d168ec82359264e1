using System.CommandLine;
using Ferry.Cli;

namespace Ferry.Tls;

/// <summary>`ferry tls fingerprint`: its options and help; the work is <see cref="TlsCommand"/>.</summary>
public static class TlsCommandDefinition
{
    public static Command Create()
    {
        var configuration = ConfigurationOptions.All();
        var fingerprint = new Command(
            "fingerprint",
            "Print the SHA-256 and SHA-1 fingerprints of the certificate `ferry serve` uses, to compare with what a client "
            + "shows before trusting it (lftp, FileZilla and WinSCP show SHA-1, browsers SHA-256). Takes the same "
            + "configuration flags as `serve`, so that it reads the same certificate.");
        configuration.AddTo(fingerprint);
        fingerprint.SetAction(parseResult => TlsCommand.Fingerprint(configuration.Load(parseResult)));

        return new Command("tls", "The TLS certificate that FTPS and HTTPS use.") { fingerprint };
    }
}

using System.Text;

namespace Ferry.Microbench;

/// <summary>A control-connection transcript as clients send it: login, then a mix of navigation and transfers.</summary>
internal static class CommandLines
{
    private static readonly string[] Typical =
    [
        "USER alice", "PASS secret", "SYST", "FEAT", "PWD", "TYPE I", "PASV", "EPSV",
        "CWD some/dir", "LIST -la", "MLSD", "SIZE some/dir/file.bin", "MDTM some/dir/file.bin",
        "RETR some/dir/file.bin", "STOR uploads/report-2026.pdf", "REST 1048576", "NOOP",
        "retr lower/case/verb.txt", "CDUP", "DELE old.log", "RNFR a.txt", "RNTO b.txt", "QUIT",
    ];

    /// <summary><paramref name="count"/> lines cycling through <see cref="Typical"/>, each as the client typed it.</summary>
    public static string[] Texts(int count) => [.. Enumerable.Range(0, count).Select(i => Typical[i % Typical.Length])];

    /// <summary>The same lines as bytes on the wire, CRLF after each.</summary>
    public static byte[] Wire(int count) => Encoding.UTF8.GetBytes(string.Concat(Texts(count).Select(t => t + "\r\n")));
}

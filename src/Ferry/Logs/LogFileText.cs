using System.Text;

namespace Ferry.Logs;

/// <summary>
/// Appends text to a log file, opening and closing it for every batch: a file that logrotate (or an
/// administrator) moved away is simply created again, with no signal to send.
/// </summary>
internal static class LogFileText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Appends <paramref name="text"/>; <paramref name="header"/> is called first with whether the file is new or empty.</summary>
    public static void Append(string path, Func<bool, string?> header, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Readers (tail -f, log shippers) may hold the file; rotation may rename or delete it.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var prefix = header(stream.Length == 0);
        var bytes = Utf8.GetBytes(prefix is null ? text : prefix + text);
        stream.Write(bytes);
    }
}

using System.Buffers.Binary;
using System.Text;
using Ferry.WebDav.Auth;
using Ferry.WebDav.Methods;

namespace Ferry.Fuzz;

/// <summary>
/// A GET's Range header and the Authorization header, for any text. A range is the whole file, a
/// part inside it, or nothing (416), never a byte past the end or before the start. A Basic
/// credential has a name without a colon, and written again as a client would, reads back the same.
/// </summary>
public static class DavHeadersTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length < sizeof(long))
        {
            return;
        }

        // The first eight bytes are the file's length (any size a file can have), the rest the header.
        var fileLength = BinaryPrimitives.ReadInt64LittleEndian(input) & long.MaxValue;
        var text = Encoding.UTF8.GetString(input, sizeof(long), input.Length - sizeof(long));

        var range = ByteRange.Pick(text, fileLength);
        var sound = range.Kind switch
        {
            RangeKind.Whole => range.Start == 0 && range.Length == fileLength,
            RangeKind.Partial => range.Start >= 0 && range.Length >= 1 && range.End < fileLength && range.End >= range.Start,
            RangeKind.Unsatisfiable => range.Length == 0,
            _ => false,
        };
        if (!sound)
        {
            throw new FuzzFinding($"'{text}' on a file of {fileLength} bytes gave {range}");
        }

        if (BasicCredentials.TryParse(text, out var credentials))
        {
            if (credentials.UserName.Length == 0 || credentials.UserName.Contains(':'))
            {
                throw new FuzzFinding($"'{text}' gave the name '{credentials.UserName}'");
            }

            var written = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}"));
            if (written.Length <= BasicCredentials.MaxHeaderLength
                && (!BasicCredentials.TryParse(written, out var again) || again != credentials))
            {
                throw new FuzzFinding($"'{text}' gave a name and password that do not read back the same");
            }
        }
    }
}

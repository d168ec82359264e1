using System.Buffers.Binary;

namespace Ferry.Ftp.Tls;

/// <summary>
/// Reads which TLS versions a ClientHello offers, from its supported_versions extension (RFC 8446
/// section 4.2.1). SslStream's own hello info counts the legacy version field, which says TLS 1.2
/// even for a client that accepts only TLS 1.3.
/// </summary>
internal static class ClientHelloVersions
{
    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const ushort SupportedVersionsExtension = 43;
    private const ushort Tls12 = 0x0303;

    /// <summary>
    /// True or false when <paramref name="record"/> starts with a whole ClientHello record that
    /// does or does not offer TLS 1.2; null when it cannot tell (truncated, malformed, or a hello
    /// spread over several records).
    /// </summary>
    public static bool? OffersTls12(ReadOnlySpan<byte> record)
    {
        if (record.Length < 5 || record[0] != HandshakeRecord)
        {
            return null;
        }

        var recordLength = BinaryPrimitives.ReadUInt16BigEndian(record[3..]);
        if (record.Length < 5 + recordLength)
        {
            return null;
        }

        var hello = record.Slice(5, recordLength);
        if (hello.Length < 4 || hello[0] != ClientHelloMessage)
        {
            return null;
        }

        var helloLength = (hello[1] << 16) | (hello[2] << 8) | hello[3];
        if (hello.Length < 4 + helloLength)
        {
            return null;
        }

        var body = hello.Slice(4, helloLength);
        // legacy_version (2), random (32), then three length-prefixed fields before the extensions.
        if (body.Length < 2 + 32 || BinaryPrimitives.ReadUInt16BigEndian(body) < Tls12)
        {
            return body.Length < 2 + 32 ? null : false;
        }

        var rest = body[(2 + 32)..];
        if (!Skip(ref rest, 1) || !Skip(ref rest, 2) || !Skip(ref rest, 1))
        {
            return null;
        }

        if (rest.Length < 2)
        {
            return true; // No extensions: a TLS 1.2 client.
        }

        var extensions = rest.Slice(2, Math.Min(rest.Length - 2, BinaryPrimitives.ReadUInt16BigEndian(rest)));
        while (extensions.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(extensions);
            var length = BinaryPrimitives.ReadUInt16BigEndian(extensions[2..]);
            if (extensions.Length < 4 + length)
            {
                return null;
            }

            if (type == SupportedVersionsExtension)
            {
                var data = extensions.Slice(4, length);
                if (data.Length < 1 || data.Length < 1 + data[0])
                {
                    return null;
                }

                var versions = data.Slice(1, data[0]);
                for (var i = 0; i + 1 < versions.Length; i += 2)
                {
                    if (BinaryPrimitives.ReadUInt16BigEndian(versions[i..]) == Tls12)
                    {
                        return true;
                    }
                }

                return false;
            }

            extensions = extensions[(4 + length)..];
        }

        return true; // No supported_versions: the client speaks TLS 1.2 at most.
    }

    /// <summary>Skips a field with a big-endian length prefix of <paramref name="prefixBytes"/> bytes.</summary>
    private static bool Skip(ref ReadOnlySpan<byte> span, int prefixBytes)
    {
        if (span.Length < prefixBytes)
        {
            return false;
        }

        var length = prefixBytes == 1 ? span[0] : BinaryPrimitives.ReadUInt16BigEndian(span);
        if (span.Length < prefixBytes + length)
        {
            return false;
        }

        span = span[(prefixBytes + length)..];
        return true;
    }
}

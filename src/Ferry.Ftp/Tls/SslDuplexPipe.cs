using System.IO.Pipelines;
using System.Net.Security;

namespace Ferry.Ftp.Tls;

/// <summary>The control connection after AUTH TLS: pipes over an authenticated SslStream.</summary>
internal sealed class SslDuplexPipe(SslStream ssl) : IDuplexPipe
{
    // Zero-byte reads: an idle session holds no read buffer, only OpenSSL's own state.
    public PipeReader Input { get; } = PipeReader.Create(ssl, new StreamPipeReaderOptions(useZeroByteReads: true));

    public PipeWriter Output { get; } = PipeWriter.Create(ssl);

    public SslStream Ssl => ssl;
}

using Ferry.Ftp.Tests.Data;
using Microsoft.Extensions.Logging;

namespace Ferry.Ftp.Tests.Support;

/// <summary>Hands one recording logger (every level enabled) to every category, so a test sees all a session logged.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public RecordingLogger<RecordingLoggerFactory> Logger { get; } = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. Logger.Entries];

    public ILogger CreateLogger(string categoryName) => Logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}

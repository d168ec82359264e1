using System.Reflection;
using Xunit.Sdk;

namespace Ferry.Ftp.Tests.Support;

/// <summary>How a test session protects its connections: not at all, or AUTH TLS + PBSZ 0 + PROT P (control and data in TLS).</summary>
public enum Transport
{
    Clear,
    Tls,
}

/// <summary>Runs a data-moving theory twice: once in the clear and once over TLS.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class InClearAndOverTlsAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Transport.Clear], [Transport.Tls]];
}

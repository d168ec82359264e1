namespace Ferry.Ftp.Data;

/// <summary>
/// The data-channel factory refused to open a connection that its <see cref="DataConnectionPolicy"/>
/// forbids. An IOException, so the engine answers it like any failed data connection (425).
/// </summary>
public sealed class DataConnectionRefusedException(string message) : IOException(message);

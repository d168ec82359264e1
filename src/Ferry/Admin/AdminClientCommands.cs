using System.Globalization;

namespace Ferry.Admin;

/// <summary>
/// `ferry status`, `ferry session kill ID`, `ferry ban list`, `ferry ban remove ADDRESS`: one small
/// method each, given the parsed values, so that any command-line parser can call them. Exit codes:
/// 0 done, 1 nothing to act on (no such session or ban), 3 the server could not be asked.
/// </summary>
public static class AdminClientCommands
{
    public const int NotFound = 1;
    public const int Unreachable = 3;

    public static Task<int> StatusAsync(AdminClient client, TextWriter output, TextWriter error) => RunAsync(error, async () =>
    {
        ArgumentNullException.ThrowIfNull(client);
        var sessions = await client.GetAsync("api/sessions", AdminJson.Default.SessionInfoArray).ConfigureAwait(false);
        output.WriteLine(SessionTable.Format(sessions, DateTimeOffset.UtcNow));
        return 0;
    });

    public static Task<int> KillSessionAsync(AdminClient client, string id, TextWriter output, TextWriter error) => RunAsync(error, async () =>
    {
        ArgumentNullException.ThrowIfNull(client);
        var answer = await client.DeleteAsync($"api/sessions/{Uri.EscapeDataString(id)}").ConfigureAwait(false);
        output.WriteLine(answer.Message);
        return 0;
    });

    public static Task<int> BanListAsync(AdminClient client, TextWriter output, TextWriter error) => RunAsync(error, async () =>
    {
        ArgumentNullException.ThrowIfNull(client);
        var bans = await client.GetAsync("api/bans", AdminJson.Default.BanInfoArray).ConfigureAwait(false);
        if (bans.Length == 0)
        {
            output.WriteLine("No address is banned.");
            return 0;
        }

        output.WriteLine($"{"ADDRESS",-40} {"FAILURES",8}  UNTIL (UTC)");
        foreach (var ban in bans)
        {
            var address = $"{ban.Address}/{ban.PrefixLength}";
            output.WriteLine($"{address,-40} {ban.Failures,8}  {ban.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}");
        }

        return 0;
    });

    public static Task<int> BanRemoveAsync(AdminClient client, string address, TextWriter output, TextWriter error) => RunAsync(error, async () =>
    {
        ArgumentNullException.ThrowIfNull(client);
        var answer = await client.DeleteAsync($"api/bans/{Uri.EscapeDataString(address)}").ConfigureAwait(false);
        output.WriteLine(answer.Message);
        return 0;
    });

    /// <summary>Runs <paramref name="body"/>; a failure is told on <paramref name="error"/> and becomes the exit code.</summary>
    private static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (AdminClientException ex)
        {
            error.WriteLine($"ferry: {ex.Message}");
            return ex.NotFound ? NotFound : Unreachable;
        }
    }
}

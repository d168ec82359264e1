using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json;
using Ferry.Core.Access;
using Ferry.Core.Identity;
using Ferry.Core.Paths;

namespace Ferry.Accounts.Sql;

/// <summary>
/// An account's limits and policy as stored in a text column, with the key names and value forms of
/// an account in ferry.json, so the two read alike and an administrator can copy one into the other:
/// {"Quota":{"Bytes":10000000000,"Files":5000},"Bandwidth":{"UploadBytesPerSecond":1048576},
///  "AllowFrom":["10.0.0.0/8"],"DenyFrom":[],"MaxSessions":2,"Overwrite":false,"DenyCommands":["SITE"],
///  "Tls":{"Control":"Require","Data":"Require"},"Mounts":[{"Path":"/reports","Folder":"/srv/reports"}]}.
/// A key at its default is left out; "{}" is no limit, no restriction and no mount (what the
/// migration gives the rows of an older database).
/// </summary>
public static class AccountSettingsJson
{
    public const string Empty = "{}";

    public static string Write(AccountLimits limits, AccountPolicy policy, ImmutableArray<FolderMount> mounts = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(policy);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteSection(writer, "Quota", ("Bytes", limits.Quota.Bytes), ("Files", limits.Quota.Files));
            WriteSection(writer, "Bandwidth",
                ("UploadBytesPerSecond", limits.Bandwidth.UploadBytesPerSecond),
                ("DownloadBytesPerSecond", limits.Bandwidth.DownloadBytesPerSecond));
            WriteList(writer, "AllowFrom", policy.Addresses.Allow.IsDefault ? [] : policy.Addresses.Allow.Select(n => n.ToString()));
            WriteList(writer, "DenyFrom", policy.Addresses.Deny.IsDefault ? [] : policy.Addresses.Deny.Select(n => n.ToString()));
            if (policy.MaxSessions is { } sessions)
            {
                writer.WriteNumber("MaxSessions", sessions);
            }

            if (!policy.Overwrite)
            {
                writer.WriteBoolean("Overwrite", false);
            }

            WriteList(writer, "DenyCommands", policy.DeniedCommands.IsDefault ? [] : policy.DeniedCommands);
            if (policy.Tls != TlsPolicy.Allow)
            {
                writer.WriteStartObject("Tls");
                writer.WriteString("Control", policy.Tls.Control.ToString());
                writer.WriteString("Data", policy.Tls.Data.ToString());
                writer.WriteEndObject();
            }

            if (!mounts.IsDefaultOrEmpty)
            {
                writer.WriteStartArray("Mounts");
                foreach (var mount in mounts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Path", mount.Path.Value);
                    writer.WriteString("Folder", mount.Folder);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Strict: a value this code did not write (an unknown key, a bad network) is a damaged row, not a default.</summary>
    /// <exception cref="InvalidDataException">The text is not such an object.</exception>
    public static (AccountLimits Limits, AccountPolicy Policy, ImmutableArray<FolderMount> Mounts) Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            return (AccountLimits.None, AccountPolicy.Default, []);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var quota = QuotaLimits.None;
            var bandwidth = BandwidthLimits.None;
            var policy = AccountPolicy.Default;
            ImmutableArray<FolderMount> mounts = [];
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "Quota":
                        quota = new QuotaLimits(Number(value, "Bytes"), Number(value, "Files"));
                        break;
                    case "Bandwidth":
                        bandwidth = new BandwidthLimits(Number(value, "UploadBytesPerSecond"), Number(value, "DownloadBytesPerSecond"));
                        break;
                    case "AllowFrom":
                        policy = policy with { Addresses = policy.Addresses with { Allow = Networks(value) } };
                        break;
                    case "DenyFrom":
                        policy = policy with { Addresses = policy.Addresses with { Deny = Networks(value) } };
                        break;
                    case "MaxSessions":
                        policy = policy with { MaxSessions = value.GetInt32() };
                        break;
                    case "Overwrite":
                        policy = policy with { Overwrite = value.GetBoolean() };
                        break;
                    case "DenyCommands":
                        policy = policy with { DeniedCommands = [.. value.EnumerateArray().Select(v => v.GetString()!.ToUpperInvariant())] };
                        break;
                    case "Tls":
                        policy = policy with
                        {
                            Tls = new TlsPolicy(
                                Enum<ControlChannelPolicy>(value, "Control"),
                                Enum<DataChannelPolicy>(value, "Data")),
                        };
                        break;
                    case "Mounts":
                        mounts = [.. value.EnumerateArray().Select(Mount)];
                        break;
                    default:
                        throw new InvalidDataException($"Account settings have an unknown key '{property.Name}'.");
                }
            }

            var limits = new AccountLimits(quota, bandwidth);
            if (policy.Addresses.IsEmpty)
            {
                policy = policy with { Addresses = AddressRules.Any };
            }

            // The shared instances for "none", as the configuration file's reader returns them.
            return (limits == AccountLimits.None ? AccountLimits.None : limits, policy == AccountPolicy.Default ? AccountPolicy.Default : policy, mounts);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or ArgumentException or NullReferenceException or KeyNotFoundException)
        {
            throw new InvalidDataException("Account settings are not a JSON object of Quota, Bandwidth, policy and Mounts keys.", error);
        }
    }

    private static void WriteSection(Utf8JsonWriter writer, string name, params (string Key, long? Value)[] values)
    {
        if (values.All(v => v.Value is null))
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            if (value is { } number)
            {
                writer.WriteNumber(key, number);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in list)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static long? Number(JsonElement section, string key)
    {
        if (!section.TryGetProperty(key, out var value))
        {
            return null;
        }

        var number = value.GetInt64();
        return number >= 0 ? number : throw new InvalidDataException($"Account settings: {key} is negative.");
    }

    /// <summary>A mount as `ferry account` checked it: a folder path below the home and an absolute local folder.</summary>
    private static FolderMount Mount(JsonElement entry)
    {
        var text = entry.GetProperty("Path").GetString()!;
        var folder = entry.GetProperty("Folder").GetString()!;
        return VfsPath.TryResolve(text, VfsPath.Root, out var path) && !path.IsRoot && Path.IsPathFullyQualified(folder)
            ? new FolderMount(path, folder)
            : throw new InvalidDataException($"Account settings: the mount '{text}' of '{folder}' is not a folder path and an absolute folder.");
    }

    private static ImmutableArray<IPNetwork> Networks(JsonElement list) =>
        [.. list.EnumerateArray().Select(v => IPNetwork.Parse(v.GetString()!))];

    private static T Enum<T>(JsonElement section, string key)
        where T : struct, Enum =>
        !section.TryGetProperty(key, out var value) ? default
            : System.Enum.TryParse<T>(value.GetString(), ignoreCase: false, out var parsed) && System.Enum.IsDefined(parsed) ? parsed
            : throw new InvalidDataException($"Account settings: Tls:{key} is not a {typeof(T).Name}.");
}

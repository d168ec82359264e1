using System.Text;
using System.Xml.Linq;
using Ferry.Accounts.Sql;
using Ferry.Core.Identity;
using Ferry.Import.Iis;

namespace Ferry.Tests.Import;

/// <summary>`ferry import iis` beyond the samples: unsafe XML, choosing a site, CIDR, the store and the command's refusals.</summary>
public sealed class IisImportTests
{
    [Fact]
    public void A_document_type_declaration_is_refused_so_no_entity_is_ever_expanded()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE configuration [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <configuration><system.applicationHost><sites><site name="&b;" /></sites></system.applicationHost></configuration>
            """;

        var error = Assert.Throws<InvalidDataException>(() => IisXml.Load(new MemoryStream(Encoding.UTF8.GetBytes(bomb)), "bomb.config"));

        Assert.Contains("bomb.config", error.Message);
    }

    [Fact]
    public void An_external_entity_is_refused_and_its_file_never_read()
    {
        const string external = """
            <?xml version="1.0"?>
            <!DOCTYPE configuration [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <configuration>&x;</configuration>
            """;

        Assert.Throws<InvalidDataException>(() => IisXml.Load(new MemoryStream(Encoding.UTF8.GetBytes(external)), "xxe.config"));
    }

    [Fact]
    public void A_declaration_the_XML_reader_fails_on_is_refused_as_unreadable()
    {
        // .NET's reader throws an ArgumentOutOfRangeException here, not an XmlException.
        const string broken = "<?xml version=\"1.0\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\u00b7\" encoding=\"utf-8\"?><configuration/>";

        var error = Assert.Throws<InvalidDataException>(() => IisXml.Load(new MemoryStream(Encoding.UTF8.GetBytes(broken)), "odd.config"));

        Assert.Contains("'odd.config' is not readable XML", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_iis_configuration_is_refused_by_its_root_element()
    {
        var error = Assert.Throws<InvalidDataException>(() => IisXml.Load(new MemoryStream("<project />"u8.ToArray()), "x.config"));

        Assert.Contains("<project>", error.Message);
    }

    [Fact]
    public void Site_chooses_the_port_and_the_sites_on_other_ports_are_reported()
    {
        var result = Run("host-sites", site: "Legacy");
        var json = result.Config.ToJson();

        Assert.Contains("\"Port\": 2121", json);
        Assert.Contains("D:\\\\ftp\\\\legacy", json);
        Assert.DoesNotContain("\"Sites\"", json);
        Assert.Contains("port 21: one Ferry process serves one FTP port (Ftp:Port = 2121)", result.Report.Render());

        // Legacy never turned basic authentication on (IIS's default is off): its rule for 'old' let nobody in.
        Assert.Empty(result.Accounts);
        Assert.Contains("basic authentication is off", result.Report.Render());
    }

    [Fact]
    public void An_unknown_site_is_refused_with_the_names_of_the_ftp_sites()
    {
        var error = Assert.Throws<InvalidDataException>(() => Run("host-sites", site: "Nope"));

        Assert.Contains("'Main', 'Example COM', 'Example ORG', 'Legacy'", error.Message);
    }

    [Fact]
    public void A_configuration_without_an_ftp_site_is_refused()
    {
        var document = XDocument.Parse("""<configuration><system.applicationHost><sites><site name="Web"><bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site></sites></system.applicationHost></configuration>""");

        var error = Assert.Throws<InvalidDataException>(() => IisImport.Run(document, IisImportSampleTests.Options("web")));

        Assert.Equal("No FTP site to import: no site has a binding with protocol=\"ftp\". Nothing was written.", error.Message);
    }

    [Fact]
    public void An_ftp_site_whose_only_binding_cannot_be_read_is_named_in_the_refusal()
    {
        var document = XDocument.Parse("""<configuration><system.applicationHost><sites><site name="Files"><bindings><binding protocol="ftp" bindingInformation="127.0.0.1:{PORT}:" /></bindings></site></sites></system.applicationHost></configuration>""");

        var error = Assert.Throws<InvalidDataException>(() => IisImport.Run(document, IisImportSampleTests.Options("bad")));

        Assert.Contains("'127.0.0.1:{PORT}:' of site 'Files' does not", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was written.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_bound_to_two_addresses_listens_on_both_and_one_bound_to_any_address_on_every_one()
    {
        static string Listen(params string[] bindings)
        {
            var xml = "<configuration><system.applicationHost><sites><site name=\"S\"><application path=\"/\"><virtualDirectory path=\"/\" physicalPath=\"D:\\s\" /></application><bindings>"
                + string.Concat(bindings.Select(b => "<binding protocol=\"ftp\" bindingInformation=\"" + b + "\" />"))
                + "</bindings></site></sites></system.applicationHost></configuration>";
            return IisImport.Run(XDocument.Parse(xml), IisImportSampleTests.Options("s")).Config.Root["Ftp"]?["Listen"]?.ToJsonString() ?? "(every address)";
        }

        Assert.Equal("""["10.0.0.5","10.0.0.6"]""", Listen("10.0.0.5:21:", "10.0.0.6:21:"));
        Assert.Equal("(every address)", Listen("10.0.0.5:21:", "*:21:"));
        Assert.Equal("(every address)", Listen("[::]:21:"));
        Assert.Equal("""["10.0.0.5"]""", Listen("10.0.0.5:21:", "10.0.0.6:2121:"));
    }

    [Theory]
    [InlineData("192.168.1.0", "255.255.255.0", "192.168.1.0/24")]
    [InlineData("192.168.1.77", "255.255.255.0", "192.168.1.0/24")]
    [InlineData("10.0.0.1", null, "10.0.0.1/32")]
    [InlineData("10.0.0.0", "255.0.0.0", "10.0.0.0/8")]
    [InlineData("2001:db8::", "32", "2001:db8::/32")]
    [InlineData("10.0.0.0", "255.0.255.0", null)]
    [InlineData("not-an-address", null, null)]
    public void Address_and_subnet_mask_become_a_network(string address, string? mask, string? expected)
    {
        Assert.Equal(expected, AddressMapper.Cidr(address, mask));
    }

    [Fact]
    public async Task Accounts_are_stored_disabled_without_a_password_with_their_rights_and_policy()
    {
        using var temp = new TempDirectory();
        var accounts = Run("isolate-all-directories").Accounts;

        var kept = await ImportedAccountStore.WriteAsync(temp.Path, accounts, generateWith: null, temp.File("passwords.txt"));

        Assert.Empty(kept);
        Assert.False(File.Exists(temp.File("passwords.txt")));
        using var store = new SqliteAccountStore(temp.File("accounts.db"));
        var grace = await store.FindAsync("grace", CancellationToken.None);
        Assert.NotNull(grace);
        Assert.False(grace.Enabled);
        Assert.Equal("", grace.PasswordHash);
        Assert.Equal("LocalUser/grace", grace.HomeDirectory);
        Assert.Equal(PermissionsText.Parse("list,read,write,append,delete,rename,mkdir"), grace.DefaultPermissions);
        Assert.Equal(PermissionsText.Parse("list,read"), grace.PermissionsFor(Ferry.Core.Paths.VfsPath.Parse("/readonly/x")));
        Assert.Equal(new TlsPolicy(ControlChannelPolicy.Require, DataChannelPolicy.Require), grace.Policy.Tls);
        var frank = await store.FindAsync("frank", CancellationToken.None);
        Assert.Equal(@"F:\Homes\frank", frank!.HomeDirectory);
        Assert.False(new Pbkdf2PasswordHasher().Verify("", grace.PasswordHash));
    }

    [Fact]
    public async Task Generated_passwords_are_hashed_in_the_store_and_written_once_to_an_owner_only_file()
    {
        using var temp = new TempDirectory();
        var accounts = Run("none-ssl-allow").Accounts;
        var hasher = new Pbkdf2PasswordHasher(new PasswordHashOptions { Iterations = 1000 });

        await ImportedAccountStore.WriteAsync(temp.Path, accounts, hasher, temp.File("ferry-passwords.txt"));

        var lines = File.ReadAllLines(temp.File("ferry-passwords.txt"));
        Assert.Equal(["alice", "bob"], lines.Select(l => l.Split(' ')[0]));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temp.File("ferry-passwords.txt")));
        }

        using var store = new SqliteAccountStore(temp.File("accounts.db"));
        var alice = await store.FindAsync("alice", CancellationToken.None);
        Assert.True(alice!.Enabled);
        Assert.True(hasher.Verify(lines[0].Split(' ')[1], alice.PasswordHash));
        Assert.DoesNotContain(lines[0].Split(' ')[1], alice.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_already_in_the_store_is_left_as_it_was()
    {
        using var temp = new TempDirectory();
        var accounts = Run("none-ssl-allow").Accounts;
        await ImportedAccountStore.WriteAsync(temp.Path, accounts, generateWith: null, temp.File("p.txt"));

        var kept = await ImportedAccountStore.WriteAsync(temp.Path, accounts, generateWith: null, temp.File("p.txt"));

        Assert.Equal(["alice", "bob"], kept);
    }

    [Fact]
    public async Task The_command_never_overwrites_a_configuration_without_force()
    {
        using var temp = new TempDirectory();
        var output = temp.File("ferry.json");
        File.WriteAllText(output, "{ \"mine\": true }");
        var source = Path.Join(IisImportSampleTests.Folder(), "none-ssl-allow.config");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var refused = await IisImportCommand.RunAsync(source, null, output, null, null, false, force: false, stdout, stderr);

        Assert.Equal(1, refused);
        Assert.Contains("--force", stderr.ToString());
        Assert.Equal("{ \"mine\": true }", File.ReadAllText(output));
        Assert.False(Directory.Exists(temp.File("ferry-data")), "the store was written although the import was refused");

        var forced = await IisImportCommand.RunAsync(source, null, output, null, null, false, force: true, stdout, stderr);

        Assert.Equal(0, forced);
        Assert.Contains("\"DataDirectory\": \"" + temp.File("ferry-data"), File.ReadAllText(output));
        Assert.Contains("## Not mapped", File.ReadAllText(temp.File("iis-migration-report.md")));
        Assert.Contains("2 added", stdout.ToString());
    }

    [Fact]
    public async Task Generate_passwords_names_the_password_file_in_the_report_and_never_prints_a_password()
    {
        using var temp = new TempDirectory();
        var source = Path.Join(IisImportSampleTests.Folder(), "none-ssl-allow.config");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await IisImportCommand.RunAsync(source, null, temp.File("ferry.json"), temp.File("report.md"), null, generatePasswords: true, force: false, stdout, stderr);

        Assert.Equal(0, exit);
        var passwords = File.ReadAllLines(temp.File("ferry-passwords.txt")).Select(l => l.Split(' ')[1]).ToList();
        var report = File.ReadAllText(temp.File("report.md"));
        Assert.Contains(temp.File("ferry-passwords.txt"), report);
        Assert.Contains("enabled, with a generated password", report);
        foreach (var password in passwords)
        {
            Assert.DoesNotContain(password, report, StringComparison.Ordinal);
            Assert.DoesNotContain(password, stdout.ToString() + stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(password, File.ReadAllText(temp.File("ferry.json")), StringComparison.Ordinal);
        }
    }

    private static IisImportResult Run(string sample, string? site = null) =>
        IisImport.Run(IisXml.Load(Path.Join(IisImportSampleTests.Folder(), sample + ".config")), IisImportSampleTests.Options(sample, site));
}

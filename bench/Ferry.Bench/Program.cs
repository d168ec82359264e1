using Ferry.Bench;

// Exit codes: 0 measured (failures are in the JSON lines), 1 the run broke, 2 wrong arguments.
const string Usage = """
    Ferry.Bench: FTP and HTTP (WebDAV) load driver for loopback benchmarks. One JSON object per line on stdout per
    measurement; diagnostics on stderr. Only loopback hosts are accepted.

    Client options (small, sessions, idle, list):
      --host 127.0.0.1 --port P --user U --pass W [--label L] [--tls] [--epsv]

      small     [--dir small] [--count 2000] [--size 4096] [--reps 1] [--timeout 300]
                one logon, TYPE I, then RETR DIR/f00000.. one passive connection each -> files/s
      sessions  [--clients 200] [--concurrency 0] [--list-dir dir100] [--list-lines 100]
                [--file f64k.bin] [--size 65536] [--greeting-timeout 10] [--session-timeout 60]
                [--timeout 120] [--reps 1]
                N clients at once: logon, PWD, TYPE I, LIST, RETR, QUIT -> total s, p50/p90/p99/max ms
      idle      --server-pid PID [--sessions 500] [--connect-concurrency 200] [--hold 0] [--timeout 300]
                PSS of the server's process tree before and with N idle logged-on sessions -> KiB/session
      list      [--dir dir20k] [--verb LIST|NLST|MLSD] [--reps 1] [--timeout 120]
                one logon, then PASV + LIST DIR to EOF -> seconds and lines

    HTTP (WebDAV) client options (http-crowd, http-idle):
      --host 127.0.0.1 --port P --user U --pass W [--label L] [--tls]   (Basic authentication)

      http-crowd [--clients 200] [--gets 5] [--dir small] [--files 2000] [--size 4096]
                 [--client-timeout 30] [--timeout 90] [--reps 1]
                 N clients at once, each: connect, GETs on one keep-alive connection (200 and the
                 size checked), close -> total s, p50/p90/p99/max ms per client, failures
      http-idle  --server-pid PID [--connections 1000] [--path /small/f00000] [--size 4096] [--hold 0]
                 [--connect-concurrency 200] [--timeout 240]
                 PSS of the server's process tree before and with N keep-alive connections, each
                 idle after one checked GET -> KiB/connection

    Other:
      stub      [--host 127.0.0.1] [--port 2199] [--seconds 600]
                do-nothing FTP server answering from memory (the driver's own ceiling)
      http-stub [--host 127.0.0.1] [--port 2299] [--seconds 600] [--size 4096]
                do-nothing HTTP/1.1 server: every GET gets 200 and SIZE zero bytes on a keep-alive
                connection that holds no buffer while idle (the floor for http-crowd and http-idle)
      ceiling   [--bytes 1073741824] [--file PATH] [--modes plain,sendfile,aes] [--aes-seconds 2]
                [--reps 1] [--timeout 150] [--label L]
                loopback TCP from memory, sendfile of PATH, AES-128-GCM on one core -> MB/s
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var arguments = BenchArguments.Parse(args);
    return arguments.Command switch
    {
        "small" => await SmallFilesMetric.RunAsync(arguments),
        "sessions" => await SessionsMetric.RunAsync(arguments),
        "idle" => await IdleMetric.RunAsync(arguments),
        "list" => await ListMetric.RunAsync(arguments),
        "stub" => await StubServer.RunAsync(arguments),
        "http-stub" => await HttpStubServer.RunAsync(arguments),
        "ceiling" => await CeilingMetric.RunAsync(arguments),
        "http-crowd" => await HttpCrowdMetric.RunAsync(arguments),
        "http-idle" => await HttpIdleMetric.RunAsync(arguments),
        _ => throw new UsageException($"unknown sub-command '{arguments.Command}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"Ferry.Bench: {e.Message}");
    Console.Error.WriteLine("Run 'Ferry.Bench --help' for the sub-commands and their options.");
    return 2;
}
catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException or FtpProtocolException or HttpResponseException)
{
    // The run itself broke (server not there, timed out): still one JSON line, so the caller's table shows it.
    Console.Error.WriteLine($"Ferry.Bench {args[0]}: {e.Message}");
    new ResultLine(args[0], "", "").Add("value", null).Add("error", FailureLog.Describe(e, args[0])).WriteToStdout();
    return 1;
}

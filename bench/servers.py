"""The servers under test: how each is configured and started on loopback.

Every server gets the same tree, the same system account, a passive range of the same size (2,000
ports, all below the ephemeral range 32768-60999), the same ECDSA P-256 certificate, explicit TLS
offered but not required, no transfer log, and no fsync of uploads (none of the peers fsyncs; Ferry
is told to match and the table says so).
"""
import os
import shutil
import subprocess
import time

BIND = "127.0.0.1"  # loopback only, never change

# The build users run, as bench/run.sh publishes it here, not the plain build output: on Linux x64 the
# package itself (src/Ferry/Properties/PublishProfiles/linux-x64.pubxml: one native AOT executable,
# src/Ferry/bin/Published/ferry); elsewhere the framework profile (framework.pubxml: ferry.dll, ReadyToRun and
# TieredPGO off as in the single-file packages, run under dotnet). bench/ab.py's --a-dll/--b-dll put another
# build in its place, a ferry.dll or a native executable (ab.with_build).
FERRY_PUBLISHED = "src/Ferry/bin/Published"


def ferry_build(repo):
    """The published build's command up to its arguments: ferry.dll under dotnet where the framework profile
    was published (it writes ferry.dll beside a small ferry launcher), else the native executable."""
    dll = os.path.join(repo, FERRY_PUBLISHED, "ferry.dll")
    if os.path.exists(dll):
        return ["dotnet", dll]
    return [os.path.join(repo, FERRY_PUBLISHED, "ferry")]


class Server:
    def __init__(self, name, port, passive_low, kind):
        self.name = name
        self.port = port
        self.passive_low = passive_low
        self.passive_high = passive_low + 1999
        self.kind = kind  # "async" or "process per session": the p99 target compares with the latter
        self.process = None
        self.log = None
        self.cpu_account = None  # CpuAccount, from start() on

    @property
    def pid(self):
        return self.process.pid

    def ports(self):
        """The TCP ports the server listens on."""
        return [self.port]

    def start(self, ctx, cpus=None):
        """Starts the server; with cpus, pinned from its first instruction (taskset), so that a runtime
        that sizes itself by the CPUs it may use (.NET's thread pool and spinning) sees the real budget."""
        # A server left running on these ports (a manual run, a crashed benchmark) would answer in
        # this one's place, unpinned and with none of its process tree known: its figures taken for
        # this server's, its memory measured as 0 (seen with a proftpd that renamed its process title,
        # so that `pkill -f` missed it). A moment's grace first: a restart follows stop(), whose killed
        # session processes may still be closing their inherited copy of the listening socket.
        for port in self.ports():
            deadline = time.monotonic() + 3
            while listening(port) and time.monotonic() < deadline:
                time.sleep(0.1)
            if listening(port):
                raise RuntimeError(f"port {port} is in use by another process ({listener_of(port)}); stop it first")
        run = os.path.join(ctx.run_dir, self.name)
        os.makedirs(run, exist_ok=True)
        self.log = open(os.path.join(run, "server.log"), "ab")
        command, env = self.command(ctx, run)
        if cpus:
            command = ["taskset", "-c", cpus] + command
        # Each server in a session of its own, as a service manager or a daemon's own setsid() puts it.
        # Linux's scheduler autogroups tasks by session and gives each group one share per CPU, split
        # by the group's load on each CPU: a server left in the benchmark's session shared a group
        # with curl, so its busy CPU 1 cut curl's share of CPU 0 against the busy loop of --contended
        # (its own session). vsftpd's session processes call setsid() and escaped that; Ferry did not
        # (RETR with a busy client core: 370 MB/s in the benchmark's session, 650 in its own, vsftpd 690).
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env={**os.environ, **env},
                                        start_new_session=True)
        # Before any client connects, so that every session it forks is born inside.
        self.cpu_account = CpuAccount(self.name)
        self.cpu_account.add(self.pid)
        deadline = time.monotonic() + 30  # dotnet's first start can take a few seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {run}/server.log")
            if listening(self.port):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not listen on {self.port} within 30 s; see {run}/server.log")

    def cpu_seconds(self):
        """CPU time the server and everything it forked have spent since it started (see CpuAccount)."""
        spent = self.cpu_account.seconds() if self.cpu_account else None
        return spent if spent is not None else tree_cpu_seconds(self.pid)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        tree = process_tree(self.pid)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for pid in tree[1:]:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        if self.cpu_account:
            self.cpu_account.remove()

    def version(self, ctx):
        return ""


class Ferry(Server):
    def command(self, ctx, run):
        env = {
            # Ferry keeps its default password hashing (PBKDF2-SHA256, 600,000 iterations, with the
            # verified-logon cache); the table states it next to the peers' SHA-512 crypt.
            "FERRY__Storage__FlushOnCommit": "false",
            "FERRY__Ftp__MaxConnections": "20000",
            "FERRY__Ftp__MaxConnectionsPerAddress": "20000",
            "FERRY__Ftp__IdleTimeoutSeconds": "900",
            "FERRY__Tls__CertificateFile": ctx.cert,
            "FERRY__Tls__KeyFile": ctx.key,
            "FERRY__Logging__Level": "Warning",
            "FERRY_BENCH_PASSWORD": ctx.password,
            "DOTNET_gcServer": "0",
            # An FTP table: the peers serve nothing else, and Ferry's WebDAV and admin ports (8080, 8443,
            # 2122) would clash with any other Ferry on the machine.
            "FERRY__WebDav__HttpPort": "0",
            "FERRY__WebDav__HttpsPort": "0",
            "FERRY__Admin__Port": "0",
            # "No transfer log" for every server (vsftpd's xferlog_enable=NO, nginx's access_log off):
            # Ferry's W3C log is on by default and would be the only one writing a line per file.
            "FERRY__Logs__W3C__Enabled": "false",
        }
        command = ferry_build(ctx.repo) + [
            "serve", "--root", ctx.data_dir, "--data", os.path.join(run, "data"), "--listen", BIND,
            "--ftp-port", str(self.port), "--passive-ports", f"{self.passive_low}-{self.passive_high}",
            "--user", f"{ctx.user}:env:FERRY_BENCH_PASSWORD"]
        return command, env

    def version(self, ctx):
        commit = subprocess.run(["git", "-C", ctx.repo, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return "Ferry " + commit.stdout.strip()


class Vsftpd(Server):
    def command(self, ctx, run):
        os.makedirs("/var/run/vsftpd/empty", exist_ok=True)
        config = os.path.join(run, "vsftpd.conf")
        with open(config, "w") as f:
            f.write(f"""listen=YES
listen_ipv6=NO
listen_address={BIND}
listen_port={self.port}
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pasv_enable=YES
pasv_min_port={self.passive_low}
pasv_max_port={self.passive_high}
connect_from_port_20=NO
xferlog_enable=NO
dirmessage_enable=NO
use_localtime=NO
secure_chroot_dir=/var/run/vsftpd/empty
pam_service_name=vsftpd
max_clients=20000
max_per_ip=20000
idle_session_timeout=900
data_connection_timeout=300
seccomp_sandbox=NO
ssl_enable=YES
rsa_cert_file={ctx.cert}
rsa_private_key_file={ctx.key}
allow_anon_ssl=NO
force_local_data_ssl=NO
force_local_logins_ssl=NO
require_ssl_reuse=NO
ssl_ciphers={ctx.tls12_cipher}
""")
        return ["/usr/sbin/vsftpd", config], {}

    def version(self, ctx):
        return "vsftpd " + dpkg_version("vsftpd")


class PureFtpd(Server):
    def command(self, ctx, run):
        binary = os.path.join(ctx.peers_dir, "pure-ftpd/usr/sbin/pure-ftpd")
        # -l unix: system accounts; -H no DNS; -E no anonymous; -c/-C client limits (the listen
        # backlog follows -c); -L 100000:8 so LIST of the 20,000-entry folder is not cut at 10,000;
        # -Y 1: TLS offered, not required; -2 cert,key; -J the TLS 1.2 suite.
        return [binary, "-S", f"{BIND},{self.port}", "-p", f"{self.passive_low}:{self.passive_high}", "-l", "unix",
                "-H", "-E", "-4", "-c", "20000", "-C", "20000", "-L", "100000:8", "-I", "15", "-u", "100",
                "-Y", "1", "-2", f"{ctx.cert},{ctx.key}", "-J", ctx.tls12_cipher], {}

    def version(self, ctx):
        return "pure-ftpd " + deb_version(os.path.join(ctx.peers_dir, "downloads"), "pure-ftpd")


class Proftpd(Server):
    def command(self, ctx, run):
        core = os.path.join(ctx.peers_dir, "proftpd-core")
        crypto = os.path.join(ctx.peers_dir, "proftpd-mod-crypto")
        modules = os.path.join(run, "modules")
        if not os.path.isdir(modules):  # mod_tls comes in a second package: one module path for both
            shutil.copytree(os.path.join(core, "usr/lib/proftpd"), modules)
            shutil.copy(os.path.join(crypto, "usr/lib/proftpd/mod_tls.so"), modules)
        config = os.path.join(run, "proftpd.conf")
        with open(config, "w") as f:
            f.write(f"""ModulePath {modules}
LoadModule mod_tls.c
ServerType standalone
ServerName "bench"
DefaultServer on
Port {self.port}
DefaultAddress {BIND}
SocketBindTight on
UseIPv6 off
User nobody
Group nogroup
Umask 022
MaxInstances 20000
PidFile {run}/proftpd.pid
ScoreboardFile {run}/proftpd.scoreboard
DelayTable {run}/proftpd.delay
DelayEngine off
UseReverseDNS off
WtmpLog off
AuthPAM off
AuthOrder mod_auth_unix.c
RequireValidShell off
PassivePorts {self.passive_low} {self.passive_high}
TimeoutIdle 900
TimeoutNoTransfer 900
AllowOverwrite on
UseSendfile on
TransferLog none
SystemLog {run}/proftpd-system.log
ListOptions "" maxfiles 100000
<IfModule mod_tls.c>
TLSEngine on
TLSRequired off
TLSProtocol TLSv1.2 TLSv1.3
TLSCipherSuite {ctx.tls12_cipher}
TLSECCertificateFile {ctx.cert}
TLSECCertificateKeyFile {ctx.key}
TLSOptions NoSessionReuseRequired
TLSVerifyClient off
TLSLog none
</IfModule>
""")
        return [os.path.join(core, "usr/sbin/proftpd"), "-n", "-c", config], {}

    def version(self, ctx):
        return "proftpd " + deb_version(os.path.join(ctx.peers_dir, "downloads"), "proftpd-core")


def all_servers():
    return [
        Ferry("ferry", 2201, 20000, "async"),
        Vsftpd("vsftpd", 2202, 22000, "process per session"),
        PureFtpd("pure-ftpd", 2203, 24000, "process per session"),
        Proftpd("proftpd", 2204, 26000, "process per session"),
    ]


def listening(port):
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def listener_of(port):
    """Who listens on the port, as `ss` names it (the process and its PID when visible)."""
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True)
    return " ".join(out.stdout.split()[5:]) or "unknown"


def process_tree(root):
    """The root and every descendant, from /proc/*/stat (vsftpd, pure-ftpd and proftpd fork per session)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


class CpuAccount:
    """A cgroup of the server's own, for CPU accounting only: every process it forks is in it, and the
    time of processes that have ended stays counted. Reading the process tree misses sessions that end
    between two readings unless their parent reaps them (vsftpd's do not reach the listener's cutime:
    a 1 GiB RETR read as 0.03 s). cgroup v2 (cpu.stat, always there) or v1's cpuacct; where neither can be
    written (no root, another layout) `seconds()` is None and the caller reads the process tree."""

    V2_ROOT = "/sys/fs/cgroup"
    V1_ROOT = "/sys/fs/cgroup/cpuacct"

    def __init__(self, name, v2_root=V2_ROOT, v1_root=V1_ROOT):
        self.path = None
        self.v2 = os.path.exists(os.path.join(v2_root, "cgroup.controllers"))
        root = v2_root if self.v2 else v1_root
        if not self.v2 and not os.path.exists(os.path.join(v1_root, "cpuacct.usage")):
            return
        path = os.path.join(root, f"ferry-bench-{name}")
        try:
            os.makedirs(path, exist_ok=True)
            self.path = path
        except OSError:
            self.path = None

    def add(self, pid):
        """Moves the process in; its children from now on are born inside. False where that failed."""
        if self.path is None:
            return False
        try:
            with open(os.path.join(self.path, "cgroup.procs"), "w") as f:
                f.write(str(pid))
            return True
        except OSError:
            self.remove()
            self.path = None
            return False

    def remove(self):
        """Removes the cgroup once its processes are gone (the kernel refuses while one is left: kept then)."""
        if self.path is None:
            return
        try:
            os.rmdir(self.path)
        except OSError:
            pass

    def seconds(self):
        if self.path is None:
            return None
        try:
            if self.v2:
                with open(os.path.join(self.path, "cpu.stat")) as f:
                    usage = dict(line.split() for line in f if line.strip())
                return int(usage["usage_usec"]) / 1e6
            with open(os.path.join(self.path, "cpuacct.usage")) as f:
                return int(f.read()) / 1e9
        except (OSError, KeyError, ValueError):
            return None


def tree_cpu_seconds(root):
    """User plus system CPU time of the root and its descendants, reaped children included (/proc/PID/stat
    utime, stime, cutime, cstime): a session process that ends between two readings moves its time into
    its parent's cutime and cstime, so the difference of two readings is what the tree spent in between,
    whether the server forks per session or not."""
    ticks = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += sum(int(x) for x in fields[11:15])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile: its time is in its parent's cutime by now
    return ticks / os.sysconf("SC_CLK_TCK")


def dpkg_version(package):
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    return out.stdout.strip()


def deb_version(folder, package):
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if name.startswith(package + "_"):
            return name.split("_")[1]
    return "?"

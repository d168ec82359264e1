"""The WebDAV servers under test: how each is configured and started on loopback.

Every server serves the same tree (/srv/ferry-bench) to the same account over Basic authentication,
on plain HTTP and on HTTPS with the same ECDSA P-256 certificate, with keep-alive allowed for 120 s
and without limit on requests per connection, no access log, no request-body limit, and connection
limits above what the run opens. The peers check a `{SHA}` htpasswd entry on every request (the
cheapest hash all three understand: a costly one would be measured 2,000 times in the small-GET row);
they run as the account that owns the tree, so their uploads land with the same owner as Ferry's.
Each server is started and stopped by its own PID (servers.Server), nothing is left running.
"""
import base64
import hashlib
import os
import pwd
import subprocess
import time

from servers import BIND, Ferry, Server, dpkg_version, listening

KEEPALIVE_SECONDS = 120  # longer than the idle-connection measurement (open, settle 10 s, sample)


class WebDavServer(Server):
    def __init__(self, name, port, tls_port):
        super().__init__(name, port, 0, "async")
        self.tls_port = tls_port

    def ports(self):
        return [self.port, self.tls_port]

    def url(self, path, tls=False):
        return f"{'https' if tls else 'http'}://{BIND}:{self.tls_port if tls else self.port}/{path.lstrip('/')}"

    def start(self, ctx, cpus=None):
        super().start(ctx, cpus)  # waits for the plain port
        deadline = time.monotonic() + 30
        while not listening(self.tls_port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} does not listen on its HTTPS port {self.tls_port}")
            time.sleep(0.1)

    def state_dir(self, ctx, run):
        """Where the server may write (lock databases, upload temporaries): owned by the account."""
        path = os.path.join(run, "state")
        os.makedirs(path, exist_ok=True)
        account = pwd.getpwnam(ctx.user)
        for folder, _, _ in os.walk(path):
            os.chown(folder, account.pw_uid, account.pw_gid)
        return path

    def htpasswd(self, ctx, run):
        """A `{SHA}` entry (base64 of SHA-1): cheap to check per request; a throwaway loopback account."""
        path = os.path.join(run, "htpasswd")
        digest = base64.b64encode(hashlib.sha1(ctx.password.encode()).digest()).decode()
        with open(path, "w") as f:
            f.write(f"{ctx.user}:{{SHA}}{digest}\n")
        os.chmod(path, 0o644)
        return path


class FerryDav(WebDavServer):
    """Ferry serves FTP beside WebDAV in one process; the FTP side idles on ports of its own."""

    def command(self, ctx, run):
        command, env = Ferry.command(self, ctx, run)
        command[command.index("--ftp-port") + 1] = "2211"
        command[command.index("--passive-ports") + 1] = "28000-28999"
        command += ["--webdav-port", str(self.port), "--webdavs-port", str(self.tls_port)]
        return command, env

    def version(self, ctx):
        return Ferry.version(self, ctx)


class Apache(WebDavServer):
    def command(self, ctx, run):
        state = self.state_dir(ctx, run)
        modules = "/usr/lib/apache2/modules"
        config = os.path.join(run, "httpd.conf")
        with open(config, "w") as f:
            f.write(f"""DefaultRuntimeDir {run}
PidFile {run}/httpd.pid
ServerName {BIND}
Listen {BIND}:{self.port}
Listen {BIND}:{self.tls_port} https
User {ctx.user}
Group {ctx.user}
ErrorLog {run}/error.log
LogLevel warn
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authn_file_module {modules}/mod_authn_file.so
LoadModule auth_basic_module {modules}/mod_auth_basic.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dav_module {modules}/mod_dav.so
LoadModule dav_fs_module {modules}/mod_dav_fs.so
LoadModule socache_shmcb_module {modules}/mod_socache_shmcb.so
LoadModule ssl_module {modules}/mod_ssl.so
TypesConfig /etc/mime.types
# event MPM: keep-alive connections wait in the listener, not in a thread; room for 1,000 idle
# connections and a 200-client burst (a process takes ThreadsPerChild + factor x idle threads).
ServerLimit 16
StartServers 2
ThreadsPerChild 64
MaxRequestWorkers 1024
MinSpareThreads 64
MaxSpareThreads 1024
AsyncRequestWorkerFactor 4
ListenBacklog 4096
KeepAlive On
# the defaults (100 requests, 5 s) would reconnect every 100 GETs and drop idle connections early
MaxKeepAliveRequests 0
KeepAliveTimeout {KEEPALIVE_SECONDS}
# Apache >= 2.4.54 limits request bodies to 1 GiB by default: the 1 GiB PUT needs it lifted
LimitRequestBody 0
EnableSendfile On
DavLockDB {state}/DavLock
SSLSessionCache shmcb:{run}/ssl_scache(512000)
DocumentRoot {ctx.data_dir}
<Directory />
  Require all denied
</Directory>
<Directory {ctx.data_dir}>
  Dav On
  Options None
  AllowOverride None
  AuthType Basic
  AuthName "bench"
  AuthUserFile {self.htpasswd(ctx, run)}
  Require valid-user
</Directory>
<VirtualHost {BIND}:{self.tls_port}>
  SSLEngine on
  SSLCertificateFile {ctx.cert}
  SSLCertificateKeyFile {ctx.key}
</VirtualHost>
""")
        return ["/usr/sbin/apache2", "-f", config, "-DFOREGROUND"], {"APACHE_RUN_DIR": run, "APACHE_LOCK_DIR": state}

    def version(self, ctx):
        return "Apache " + dpkg_version("apache2") + " (mod_dav_fs, mpm_event)"


class Lighttpd(WebDavServer):
    def command(self, ctx, run):
        state = self.state_dir(ctx, run)  # lighttpd opens its error log after dropping privileges
        config = os.path.join(run, "lighttpd.conf")
        with open(config, "w") as f:
            f.write(f"""server.modules = ( "mod_auth", "mod_authn_file", "mod_webdav", "mod_openssl" )
server.document-root = "{ctx.data_dir}"
server.bind = "{BIND}"
server.port = {self.port}
server.username = "{ctx.user}"
server.groupname = "{ctx.user}"
server.errorlog = "{state}/error.log"
server.upload-dirs = ( "{state}" )
server.max-fds = 20000
server.max-connections = 10000
server.listen-backlog = 4096
server.max-keep-alive-requests = 1000000
server.max-keep-alive-idle = {KEEPALIVE_SECONDS}
server.max-read-idle = {KEEPALIVE_SECONDS}
server.network-backend = "sendfile"
mimetype.assign = ( "" => "application/octet-stream" )
auth.backend = "htpasswd"
auth.backend.htpasswd.userfile = "{self.htpasswd(ctx, run)}"
auth.require = ( "/" => ( "method" => "basic", "realm" => "bench", "require" => "valid-user" ) )
webdav.activate = "enable"
webdav.is-readonly = "disable"
webdav.sqlite-db-name = "{state}/webdav.sqlite"
$SERVER["socket"] == "{BIND}:{self.tls_port}" {{
  ssl.engine = "enable"
  ssl.pemfile = "{ctx.cert}"
  ssl.privkey = "{ctx.key}"
}}
""")
        return ["/usr/sbin/lighttpd", "-D", "-f", config], {}

    def version(self, ctx):
        return "lighttpd " + dpkg_version("lighttpd") + " (mod_webdav)"


class Nginx(WebDavServer):
    def command(self, ctx, run):
        state = self.state_dir(ctx, run)
        config = os.path.join(run, "nginx.conf")
        with open(config, "w") as f:
            f.write(f"""load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;
user {ctx.user};
worker_processes auto;
worker_rlimit_nofile 50000;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
daemon off;
events {{ worker_connections 20000; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  keepalive_timeout {KEEPALIVE_SECONDS}s;
  client_max_body_size 0;
  # uploads are written here first, then renamed into place: the same file system as the tree
  client_body_temp_path {state}/body;
  proxy_temp_path {state}/p; fastcgi_temp_path {state}/f; uwsgi_temp_path {state}/u; scgi_temp_path {state}/s;
  dav_ext_lock_zone zone=davlock:10m;
  server {{
    listen {BIND}:{self.port} backlog=4096;
    listen {BIND}:{self.tls_port} ssl backlog=4096;
    # nginx 1.22 offers TLS 1.0-1.2 unless told; the client offers only TLS 1.3, as it does to every server
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate {ctx.cert};
    ssl_certificate_key {ctx.key};
    root {ctx.data_dir};
    location / {{
      dav_methods PUT DELETE MKCOL COPY MOVE;
      dav_ext_methods PROPFIND OPTIONS LOCK UNLOCK;
      dav_ext_lock zone=davlock;
      create_full_put_path on;
      dav_access user:rw group:rw all:r;
      auth_basic "bench";
      auth_basic_user_file {self.htpasswd(ctx, run)};
    }}
  }}
}}
""")
        return ["/usr/sbin/nginx", "-e", os.path.join(run, "error.log"), "-c", config], {}

    def version(self, ctx):
        return "nginx " + dpkg_version("nginx-light") + " (dav, dav-ext " + dpkg_version("libnginx-mod-http-dav-ext") + ")"


class DriverStub(WebDavServer):
    """The driver's do-nothing HTTP server (`http-stub`): every GET gets 4 KiB from memory on a
    keep-alive connection that holds only its socket and one wait. The floor under the crowd and
    idle-memory rows for any .NET server: it takes its turn in those rows' rounds, plain HTTP only,
    and its figures go to the ceilings, not to the table's columns."""

    def __init__(self, port):
        super().__init__("stub", port, 0)

    def ports(self):
        return [self.port]

    def start(self, ctx, cpus=None):
        Server.start(self, ctx, cpus)  # no HTTPS port to wait for

    def command(self, ctx, run):
        native = os.path.join(ctx.repo, NATIVE_DRIVER)
        launcher = [native] if os.path.exists(native) else ["dotnet", ctx.driver]
        return launcher + ["http-stub", "--port", str(self.port), "--seconds", "3600", "--size", "4096"], {}

    def version(self, ctx):
        native = os.path.exists(os.path.join(ctx.repo, NATIVE_DRIVER))
        return "the driver's http-stub (" + ("native AOT" if native else "under dotnet, JIT") + ")"


# Where bench/run.sh publishes the driver as a native executable (Linux x64, --webdav), for the stub.
NATIVE_DRIVER = "bench/Ferry.Bench/bin/Native/Ferry.Bench"


def all_webdav_servers():
    return [
        FerryDav("ferry", 8311, 8411),
        Apache("apache", 8312, 8412),
        Lighttpd("lighttpd", 8313, 8413),
        Nginx("nginx", 8314, 8414),
    ]


def installed():
    """The Debian packages the peers come from (run.sh installs them with --webdav)."""
    return subprocess.run(["dpkg", "-s", "apache2", "nginx-light", "libnginx-mod-http-dav-ext", "lighttpd",
                           "lighttpd-mod-webdav", "lighttpd-mod-openssl"],
                          capture_output=True).returncode == 0

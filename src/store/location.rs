//! Where a vault is: a SQLite file named by its path (the embedded default), or a
//! PostgreSQL database named by a `postgres://` (or `postgresql://`) URL. Any other URL
//! scheme is refused rather than taken for a path.
//!
//! A PostgreSQL URL follows libpq's form (`postgres://USER@HOST:PORT/DB?sslmode=…`,
//! `postgres:///DB?host=/run/postgresql` for a Unix socket). Its password never comes from
//! the command line (it would show in `ps`): it comes from the URL in `CONNECTORS_VAULT`,
//! `PGPASSWORD`, or the password file (`PGPASSFILE`, else `~/.pgpass`), as libpq does.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// The variable that names the vault when `--vault` does not.
pub const ENV_VAULT: &str = "CONNECTORS_VAULT";

/// Where a vault is.
#[derive(Clone)]
pub enum Location {
    File(PathBuf),
    Postgres(Box<PgTarget>),
}

/// How a PostgreSQL connection is protected, after libpq's `sslmode`, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsMode {
    /// Plain text (a Unix socket's default).
    Disable,
    /// TLS when the server offers it, without checking its certificate (loopback's default).
    Prefer,
    /// TLS required; the certificate is checked against `sslrootcert` when one is given
    /// (as libpq does), else not.
    Require,
    /// TLS with a certificate that chains to a trusted root, whatever name it holds.
    VerifyCa,
    /// TLS with a certificate that chains to a trusted root and names the host (the default
    /// for every host but loopback and Unix sockets).
    VerifyFull,
}

impl TlsMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        }
    }

    fn parse(text: &str) -> Option<TlsMode> {
        Some(match text {
            "disable" => TlsMode::Disable,
            // `allow` tries plain text first; nothing is lost by trying TLS first.
            "allow" | "prefer" => TlsMode::Prefer,
            "require" => TlsMode::Require,
            "verify-ca" => TlsMode::VerifyCa,
            "verify-full" => TlsMode::VerifyFull,
            _ => return None,
        })
    }
}

/// The trusted roots of a verified TLS connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// `sslrootcert=PATH`, or `~/.postgresql/root.crt` when it exists.
    File(PathBuf),
    /// `sslrootcert=system`, or no file: the Mozilla root program (webpki-roots).
    Public,
}

/// A PostgreSQL database to keep the vault in.
#[derive(Clone)]
pub struct PgTarget {
    /// Everything the driver needs but the password (filled in at connect time).
    pub config: postgres::Config,
    /// The URL as shown in messages: never with a password.
    pub shown: String,
    pub tls: TlsMode,
    pub roots: Roots,
    /// Whether `sslrootcert` was given (a `require` connection then checks the chain).
    pub root_given: bool,
    /// A password from the URL in `CONNECTORS_VAULT`.
    pub url_password: Option<secrecy::SecretString>,
    /// What the person should know about the target (a password file that is ignored),
    /// for the caller to say; the store prints nothing.
    pub warnings: Vec<String>,
}

impl Location {
    /// Reads `--vault` or `CONNECTORS_VAULT`. `from_argv` says it came from the command
    /// line, where a password would be visible to every user of the machine.
    pub fn parse(text: &OsStr, from_argv: bool) -> Result<Location> {
        let Some(s) = text.to_str() else {
            return Ok(Location::File(PathBuf::from(text)));
        };
        let Some((scheme, _)) = s.split_once("://") else {
            return Ok(Location::File(PathBuf::from(text)));
        };
        let is_scheme = !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !is_scheme {
            return Ok(Location::File(PathBuf::from(text)));
        }
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => {
                Ok(Location::Postgres(Box::new(PgTarget::parse(s, from_argv)?)))
            }
            // Only the scheme is shown: the rest may hold a password.
            _ => Err(Error::with(crate::error::code::VAULT_URL_UNSUPPORTED,
                format!("--vault (or CONNECTORS_VAULT) names a {scheme}:// URL; a vault is a SQLite file named by its path, or a PostgreSQL database named by a postgres:// URL"),
            )
            .hint("give the vault file's path (such as ~/.local/share/connectors/vault.db) or postgres://HOST[:PORT]/DB")),
        }
    }

    /// For messages: the path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(t) => t.shown.clone(),
        }
    }

    /// The file's path, for a SQLite vault.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }

    pub fn engine_name(&self) -> &'static str {
        match self {
            Location::File(_) => "sqlite",
            Location::Postgres(_) => "postgres",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({})", self.describe())
    }
}

impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        Location::File(p.to_path_buf())
    }
}

impl From<PathBuf> for Location {
    fn from(p: PathBuf) -> Location {
        Location::File(p)
    }
}

impl From<&PathBuf> for Location {
    fn from(p: &PathBuf) -> Location {
        Location::File(p.clone())
    }
}

impl From<&Location> for Location {
    fn from(l: &Location) -> Location {
        l.clone()
    }
}

fn bad_url(why: impl fmt::Display) -> Error {
    Error::with(
        crate::error::code::VAULT_URL_INVALID,
        format!("the PostgreSQL vault URL is not valid: {why}"),
    )
    .hint("write it as postgres://USER@HOST[:PORT]/DATABASE[?sslmode=verify-full]")
}

/// A libpq URL cut into its parts, as written (nothing percent-decoded).
struct UrlParts<'a> {
    scheme: &'a str,
    user: Option<&'a str>,
    password: Option<&'a str>,
    hosts: &'a str,
    path: &'a str,
    query: &'a str,
}

impl<'a> UrlParts<'a> {
    /// Cuts `text` at `://`, `?`, the first `/` and the last `@`.
    fn split(text: &'a str) -> Result<UrlParts<'a>> {
        // libpq's URL form is looser than a WHATWG URL (`postgres://u@/db`, several
        // hosts), so it is split here by hand and parsed by the driver.
        let (scheme, after) = text.split_once("://").ok_or_else(|| bad_url("no scheme"))?;
        let (base, query) = match after.split_once('?') {
            Some((b, q)) => (b, q),
            None => (after, ""),
        };
        let (authority, path) = match base.find('/') {
            Some(i) => (&base[..i], &base[i..]),
            None => (base, ""),
        };
        let (userinfo, hosts) = match authority.rfind('@') {
            Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((name, pw)) => (Some(name), Some(pw)),
                None => (Some(u), None),
            },
            None => (None, None),
        };
        Ok(UrlParts {
            scheme,
            user,
            password,
            hosts,
            path,
            query,
        })
    }

    /// The URL again without its password, with `query` for its query.
    fn without_password(&self, query: &str) -> String {
        let UrlParts {
            scheme,
            hosts,
            path,
            ..
        } = self;
        let user_part = self.user.map(|u| format!("{u}@")).unwrap_or_default();
        format!(
            "{scheme}://{user_part}{hosts}{path}{}{query}",
            if query.is_empty() { "" } else { "?" }
        )
    }
}

/// The TLS settings connectors interprets itself (libpq's meanings, on rustls), and the
/// query parameters left for the driver.
struct TlsParams {
    /// `sslmode` from the URL.
    tls: Option<TlsMode>,
    /// `PGSSLMODE`, read only when the URL has no `sslmode`.
    env_tls: Option<TlsMode>,
    /// `sslrootcert` from the URL, else `PGSSLROOTCERT`.
    rootcert: Option<String>,
    /// The other query parameters, encoded again.
    rest: String,
}

impl TlsParams {
    /// Takes `sslmode` and `sslrootcert` out of `query`; refuses a `password` parameter.
    fn from_query(query: &str) -> Result<TlsParams> {
        let mut tls = None;
        let mut rootcert = None;
        let mut rest = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "sslmode" => {
                    tls = Some(TlsMode::parse(&v).ok_or_else(|| {
                        bad_url(format!("sslmode={v} is not one of disable, allow, prefer, require, verify-ca, verify-full"))
                    })?)
                }
                "sslrootcert" => rootcert = Some(v.into_owned()),
                "password" => {
                    return Err(Error::with(crate::error::code::SECRET_IN_ARGV,
                        "the vault URL holds a password parameter; connectors takes a password only from PGPASSWORD, ~/.pgpass or the user-info part of CONNECTORS_VAULT",
                    )
                    .hint("put the password in PGPASSWORD or ~/.pgpass (mode 0600)"));
                }
                _ => {
                    rest.append_pair(&k, &v);
                }
            }
        }
        Ok(TlsParams {
            tls,
            env_tls: None,
            rootcert,
            rest: rest.finish(),
        })
    }

    /// Fills in `PGSSLMODE` and `PGSSLROOTCERT` for what the URL does not say.
    fn or_env(mut self) -> Result<TlsParams> {
        // As libpq: the environment's when the URL has none (checked later against the
        // default for the host, which the environment may not weaken).
        if self.tls.is_none()
            && let Ok(v) = std::env::var("PGSSLMODE")
            && !v.is_empty()
        {
            self.env_tls = Some(TlsMode::parse(&v).ok_or_else(|| {
                Error::with(crate::error::code::VAULT_URL_INVALID,
                    format!("PGSSLMODE={v} is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                )
                .hint("set PGSSLMODE to one of those, or unset it")
            })?);
        }
        if self.rootcert.is_none()
            && let Ok(v) = std::env::var("PGSSLROOTCERT")
            && !v.is_empty()
        {
            self.rootcert = Some(v);
        }
        Ok(self)
    }

    /// The TLS mode for `hosts`: the URL's, else the environment's unless it weakens a
    /// remote host's default, else the default. `shown` names the URL in the error.
    fn mode(&self, hosts: &[postgres::config::Host], shown: &str) -> Result<TlsMode> {
        let default = default_tls(hosts);
        Ok(match (self.tls, self.env_tls) {
            (Some(t), _) => t,
            // A variable left set for psql elsewhere never turns a remote host's verified
            // TLS into less; the URL can, where it shows.
            (None, Some(t)) if t < default && !hosts.iter().all(host_is_local) => {
                return Err(Error::with(
                    crate::error::code::VAULT_URL_INVALID,
                    format!(
                        "PGSSLMODE={} would weaken TLS to {} below its default, {}",
                        t.as_str(),
                        shown,
                        default.as_str()
                    ),
                )
                .hint(format!(
                    "to mean it, put sslmode={} in the vault URL; else unset PGSSLMODE",
                    t.as_str()
                )));
            }
            (None, Some(t)) => t,
            // As libpq 16: the public roots mean the name is checked.
            (None, None) if self.rootcert.as_deref() == Some("system") => TlsMode::VerifyFull,
            (None, None) => default,
        })
    }

    /// The roots a `tls` connection trusts, and whether a root file was given or found
    /// (`home_root`, `~/.postgresql/root.crt` when it exists); refuses the combinations
    /// that would check too little.
    fn roots(&self, tls: TlsMode, home_root: Option<PathBuf>) -> Result<(Roots, bool)> {
        let rootcert = self.rootcert.as_deref();
        // As libpq: `require` checks the chain when a root file exists, given or default.
        let root_given = rootcert.is_some_and(|r| r != "system") || home_root.is_some();
        // The public roots vouch for every publicly named host: without the name check,
        // any such certificate would pass. (PostgreSQL 16's libpq refuses the same.)
        if rootcert == Some("system") && tls != TlsMode::VerifyFull {
            return Err(bad_url(format!(
                "sslrootcert=system needs sslmode=verify-full (sslmode={} would accept any publicly trusted certificate)",
                tls.as_str()
            )));
        }
        if tls == TlsMode::VerifyCa && rootcert.is_none() && home_root.is_none() {
            return Err(bad_url(
                "sslmode=verify-ca needs a root certificate file: give sslrootcert=PATH (or use verify-full, which also checks the host name)",
            ));
        }
        let roots = match rootcert {
            Some("system") => Roots::Public,
            Some(p) => Roots::File(PathBuf::from(p)),
            None => match home_root {
                Some(p) => Roots::File(p),
                None => Roots::Public,
            },
        };
        Ok((roots, root_given))
    }
}

/// The driver's configuration from `url` (which holds no password), completed as libpq
/// would from the environment, with connectors' timeouts.
fn driver_config(url: &str) -> Result<postgres::Config> {
    let mut config: postgres::Config = url.parse().map_err(|e: postgres::Error| bad_url(e))?;
    if config.get_hosts().is_empty() {
        match std::env::var("PGHOST") {
            Ok(h) if !h.is_empty() => {
                if h.starts_with('/') {
                    config.host_path(h);
                } else {
                    config.host(&h);
                }
            }
            _ => {
                let socket = ["/run/postgresql", "/var/run/postgresql", "/tmp"]
                    .into_iter()
                    .find(|d| Path::new(d).is_dir())
                    .unwrap_or("/tmp");
                config.host_path(socket);
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(p) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok())
    {
        config.port(p);
    }
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .ok()
            .filter(|u| !u.is_empty())
            .or_else(os_user)
            .ok_or_else(|| bad_url("it names no user, and PGUSER is not set"))?;
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Ok(db) = std::env::var("PGDATABASE")
        && !db.is_empty()
    {
        config.dbname(&db);
    }
    set_timeouts(&mut config);
    if config.get_application_name().is_none() {
        config.application_name("connectors");
    }
    Ok(config)
}

/// Connect and keepalive timeouts, where the URL sets none.
fn set_timeouts(config: &mut postgres::Config) {
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    // A connection that goes quiet (a cut network) is found dead by this side in about
    // a minute instead of TCP's two hours; the server's side is asked for the same on
    // the lock connection (`postgres::lock_client`).
    if config.get_keepalives_idle() == Duration::from_secs(2 * 60 * 60) {
        config.keepalives_idle(Duration::from_secs(30));
    }
    if config.get_keepalives_interval().is_none() {
        config.keepalives_interval(Duration::from_secs(10));
    }
    if config.get_keepalives_retries().is_none() {
        config.keepalives_retries(3);
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(Duration::from_secs(60));
    }
}

impl PgTarget {
    fn parse(text: &str, from_argv: bool) -> Result<PgTarget> {
        let url = UrlParts::split(text)?;
        if url.password.is_some() && from_argv {
            return Err(Error::with(crate::error::code::SECRET_IN_ARGV,
                "the --vault URL holds a password, which every user of this machine can read from the process list; nothing was done",
            )
            .hint("remove the password from the URL and put it in PGPASSWORD or ~/.pgpass (mode 0600), or give the whole URL in CONNECTORS_VAULT"));
        }
        let url_password = url
            .password
            .map(|p| secrecy::SecretString::from(percent_decode(p)));
        if url_password.is_some() {
            // The URL carries a password: no child (a browser) inherits it.
            crate::hygiene::secret_variable(ENV_VAULT);
        }
        // sslmode and sslrootcert are ours to interpret; the driver gets the rest.
        let params = TlsParams::from_query(url.query)?.or_env()?;
        let shown = url.without_password(url.query);
        let config = driver_config(&url.without_password(&params.rest))?;
        let tls = params.mode(&destinations(&config), &shown)?;
        let (roots, root_given) = params.roots(tls, home_root_cert())?;
        let mut target = PgTarget {
            config,
            shown,
            tls,
            roots,
            root_given,
            url_password,
            warnings: Vec::new(),
        };
        target.warn_of_exposed_password_file();
        Ok(target)
    }

    /// Warns of a password file that libpq would use but that is readable by others, so
    /// it is ignored.
    fn warn_of_exposed_password_file(&mut self) {
        if let Some(file) = self.password_file()
            && self.url_password.is_none()
            && std::env::var_os("PGPASSWORD").is_none()
            && pgpass_exposed(&file)
        {
            self.warnings.push(format!(
                "the password file {} is readable by group or others and was ignored; run `chmod 600 {}`",
                file.display(),
                file.display()
            ));
        }
    }

    /// libpq's password file: `PGPASSFILE`, else `~/.pgpass`.
    fn password_file(&self) -> Option<PathBuf> {
        match std::env::var_os("PGPASSFILE") {
            Some(f) => Some(PathBuf::from(f)),
            None => Some(PathBuf::from(std::env::var_os("HOME")?).join(".pgpass")),
        }
    }

    /// The first host, for messages and the password file.
    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        }
    }

    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn dbname(&self) -> &str {
        self.config
            .get_dbname()
            .unwrap_or_else(|| self.config.get_user().unwrap_or_default())
    }

    /// The password to send, if any: the URL's (from the environment), `PGPASSWORD`, or
    /// the password file's line for this host, port, database and user.
    pub fn password(&self) -> Option<secrecy::SecretString> {
        if let Some(p) = &self.url_password {
            return Some(p.clone());
        }
        if let Ok(p) = std::env::var("PGPASSWORD") {
            return Some(secrecy::SecretString::from(p));
        }
        let text = read_pgpass(&self.password_file()?)?;
        let host = match self.config.get_hosts().first() {
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(_)) => "localhost".to_string(),
            _ => self.host(),
        };
        pgpass_lookup(&text, &host, self.port(), self.dbname(), self.user())
            .map(secrecy::SecretString::from)
    }

    /// Whether every host is this machine (loopback or a Unix socket).
    pub fn is_local(&self) -> bool {
        destinations(&self.config).iter().all(host_is_local)
    }
}

/// Where the driver connects: the `hostaddr` addresses when the URL gives them (`host`
/// then only names the server, for TLS and the password file), else the hosts. A remote
/// `hostaddr` behind `host=localhost` is remote.
fn destinations(config: &postgres::Config) -> Vec<postgres::config::Host> {
    let addrs = config.get_hostaddrs();
    if addrs.is_empty() {
        return config.get_hosts().to_vec();
    }
    addrs
        .iter()
        .map(|a| postgres::config::Host::Tcp(a.to_string()))
        .collect()
}

fn host_is_local(h: &postgres::config::Host) -> bool {
    match h {
        postgres::config::Host::Tcp(name) => {
            name == "localhost"
                || name
                    .trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        postgres::config::Host::Unix(_) => true,
    }
}

/// No TLS over a Unix socket, TLS when offered on loopback, and a verified server
/// everywhere else.
fn default_tls(hosts: &[postgres::config::Host]) -> TlsMode {
    #[cfg(unix)]
    if hosts
        .iter()
        .all(|h| matches!(h, postgres::config::Host::Unix(_)))
    {
        return TlsMode::Disable;
    }
    if hosts.iter().all(host_is_local) {
        TlsMode::Prefer
    } else {
        TlsMode::VerifyFull
    }
}

fn home_root_cert() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var_os("HOME")?).join(".postgresql/root.crt");
    p.is_file().then_some(p)
}

fn os_user() -> Option<String> {
    std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("LOGNAME").ok())
        .filter(|u| !u.is_empty())
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Whether a password file exists and group or others can read it (libpq then ignores
/// it, and so does this; the target's warnings say so).
fn pgpass_exposed(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The password file, when it is private.
fn read_pgpass(path: &Path) -> Option<String> {
    if pgpass_exposed(path) {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The password of the first line of a libpq password file that matches
/// (`host:port:database:user:password`, `*` matching anything, `\` escaping `:` and `\`).
pub fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                }
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        let want = [host, port.as_str(), db, user];
        if fields[..4]
            .iter()
            .zip(want)
            .all(|(f, w)| f == "*" || f == w)
        {
            return Some(fields.pop().unwrap_or_default());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(text: &str) -> PgTarget {
        match Location::parse(OsStr::new(text), false).unwrap() {
            Location::Postgres(t) => *t,
            Location::File(_) => panic!("{text} taken for a path"),
        }
    }

    #[test]
    fn paths_stay_paths_and_other_urls_are_refused() {
        assert!(matches!(
            Location::parse(OsStr::new("/tmp/v.db"), true).unwrap(),
            Location::File(_)
        ));
        assert!(matches!(
            Location::parse(OsStr::new("a:b/c"), true).unwrap(),
            Location::File(_)
        ));
        let e = Location::parse(OsStr::new("mysql://u:pw@h/db"), true).unwrap_err();
        assert_eq!(e.code, "vault_url_unsupported");
        assert!(!e.message.contains("pw"));
    }

    #[test]
    fn a_password_on_the_command_line_is_refused_but_not_in_the_environment() {
        let e = Location::parse(OsStr::new("postgres://u:hunter2@db.example/v"), true)
            .err()
            .unwrap();
        assert_eq!(e.code, "secret_in_argv");
        assert!(!e.message.contains("hunter2"));
        let t = pg("postgres://u:hunter%3A2@db.example/v");
        use secrecy::ExposeSecret;
        assert_eq!(t.password().unwrap().expose_secret(), "hunter:2");
        assert!(!t.shown.contains("hunter"), "{}", t.shown);
        // A URL with a password is not handed to a browser started from this process.
        assert!(
            crate::hygiene::withheld_variables()
                .iter()
                .any(|v| v == ENV_VAULT)
        );
        let e = Location::parse(OsStr::new("postgres://u@h/v?password=x"), false)
            .err()
            .unwrap();
        assert_eq!(e.code, "secret_in_argv");
    }

    #[test]
    fn a_remote_hostaddr_behind_a_local_host_name_is_remote() {
        assert_eq!(
            pg("postgres://u@localhost/v?hostaddr=203.0.113.7").tls,
            TlsMode::VerifyFull
        );
        assert!(!pg("postgres://u@localhost/v?hostaddr=203.0.113.7").is_local());
        assert_eq!(
            pg("postgres://u@db.example.com/v?hostaddr=127.0.0.1").tls,
            TlsMode::Prefer
        );
    }

    #[test]
    fn tls_defaults_verify_every_host_but_this_machine() {
        assert_eq!(pg("postgres://u@db.example.com/v").tls, TlsMode::VerifyFull);
        assert_eq!(pg("postgres://u@127.0.0.1:5433/v").tls, TlsMode::Prefer);
        assert_eq!(pg("postgres://u@[::1]/v").tls, TlsMode::Prefer);
        assert_eq!(pg("postgres://u@localhost/v").tls, TlsMode::Prefer);
        assert_eq!(
            pg("postgres://u@/v?host=/run/postgresql").tls,
            TlsMode::Disable
        );
        assert_eq!(
            pg("postgres://u@db.example.com/v?sslmode=require").tls,
            TlsMode::Require
        );
        let t = pg(
            "postgres://u@db.example.com/v?sslmode=verify-ca&sslrootcert=/etc/ca.pem&connect_timeout=3",
        );
        assert_eq!(t.tls, TlsMode::VerifyCa);
        assert_eq!(t.roots, Roots::File("/etc/ca.pem".into()));
        assert_eq!(
            t.config.get_connect_timeout(),
            Some(&Duration::from_secs(3))
        );
        let e = Location::parse(OsStr::new("postgres://u@h/v?sslmode=maybe"), false)
            .err()
            .unwrap();
        assert_eq!(e.code, "vault_url_invalid");
        // Without the name check, the public roots vouch for any publicly named host; a
        // chain-only check needs a root of one's own.
        for url in [
            "postgres://u@db.example.com/v?sslmode=verify-ca&sslrootcert=system",
            "postgres://u@db.example.com/v?sslmode=require&sslrootcert=system",
        ] {
            let e = Location::parse(OsStr::new(url), false).err().unwrap();
            assert_eq!(e.code, "vault_url_invalid", "{url}");
        }
        if home_root_cert().is_none() {
            let e = Location::parse(
                OsStr::new("postgres://u@db.example.com/v?sslmode=verify-ca"),
                false,
            )
            .err()
            .unwrap();
            assert!(e.message.contains("sslrootcert"), "{}", e.message);
        }
        assert_eq!(
            pg("postgres://u@db.example.com/v?sslmode=verify-full&sslrootcert=system").roots,
            Roots::Public
        );
        // As libpq 16: the public roots without a mode mean the name is checked.
        assert_eq!(
            pg("postgres://u@127.0.0.1/v?sslrootcert=system").tls,
            TlsMode::VerifyFull
        );
    }

    #[test]
    fn a_url_is_cut_like_libpq_and_shown_without_its_password() {
        let url = UrlParts::split("postgres://al:pw@h1:5432,h2/db?sslmode=require").unwrap();
        assert_eq!(url.scheme, "postgres");
        assert_eq!(url.user, Some("al"));
        assert_eq!(url.password, Some("pw"));
        assert_eq!(url.hosts, "h1:5432,h2");
        assert_eq!(url.path, "/db");
        assert_eq!(url.query, "sslmode=require");
        assert_eq!(
            url.without_password(url.query),
            "postgres://al@h1:5432,h2/db?sslmode=require"
        );
        assert_eq!(url.without_password(""), "postgres://al@h1:5432,h2/db");
        // The last `@` ends the user-info: a password may hold one.
        let url = UrlParts::split("postgres://u:p@ss@/db").unwrap();
        assert_eq!(
            (url.user, url.password, url.hosts),
            (Some("u"), Some("p@ss"), "")
        );
        let url = UrlParts::split("postgresql://host").unwrap();
        assert_eq!((url.user, url.path, url.query), (None, "", ""));
        assert_eq!(
            UrlParts::split("host/db").err().unwrap().code,
            "vault_url_invalid"
        );
    }

    #[test]
    fn the_environment_may_not_weaken_a_remote_hosts_tls() {
        let params = |env_tls| TlsParams {
            tls: None,
            env_tls,
            rootcert: None,
            rest: String::new(),
        };
        let remote = [postgres::config::Host::Tcp("db.example.com".into())];
        let local = [postgres::config::Host::Tcp("127.0.0.1".into())];
        let e = params(Some(TlsMode::Require))
            .mode(&remote, "postgres://u@db.example.com/v")
            .unwrap_err();
        assert!(e.message.contains("PGSSLMODE=require would weaken TLS to postgres://u@db.example.com/v below its default, verify-full"), "{}", e.message);
        assert_eq!(
            params(Some(TlsMode::Disable)).mode(&local, "").unwrap(),
            TlsMode::Disable
        );
        assert_eq!(
            params(Some(TlsMode::VerifyCa)).mode(&local, "").unwrap(),
            TlsMode::VerifyCa
        );
        assert_eq!(params(None).mode(&remote, "").unwrap(), TlsMode::VerifyFull);
        // The URL's own sslmode is taken as meant.
        let mut url = params(None);
        url.tls = Some(TlsMode::Disable);
        assert_eq!(url.mode(&remote, "").unwrap(), TlsMode::Disable);
    }

    #[test]
    fn require_checks_the_chain_when_a_root_file_exists() {
        let params = |rootcert: Option<&str>| TlsParams {
            tls: None,
            env_tls: None,
            rootcert: rootcert.map(String::from),
            rest: String::new(),
        };
        let home = Some(PathBuf::from("/home/u/.postgresql/root.crt"));
        assert_eq!(
            params(None).roots(TlsMode::Require, None).unwrap(),
            (Roots::Public, false)
        );
        assert_eq!(
            params(None).roots(TlsMode::Require, home.clone()).unwrap(),
            (Roots::File(home.clone().unwrap()), true)
        );
        assert_eq!(
            params(Some("/etc/ca.pem"))
                .roots(TlsMode::Require, home)
                .unwrap(),
            (Roots::File("/etc/ca.pem".into()), true)
        );
        assert_eq!(
            params(Some("system"))
                .roots(TlsMode::VerifyFull, None)
                .unwrap(),
            (Roots::Public, false)
        );
    }

    #[test]
    fn the_password_file_matches_like_libpq() {
        let text =
            "# comment\nother:5432:*:*:nope\ndb\\:x:*:vault:alice:pa\\:ss\n*:*:*:*:fallback\n";
        assert_eq!(
            pgpass_lookup(text, "db:x", 5432, "vault", "alice").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_lookup(text, "db:x", 5432, "other", "alice").as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_lookup("h:1:d:u", "h", 1, "d", "u"), None);
    }
}

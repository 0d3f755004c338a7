//! The `SiteTest` harness: a site copied into a temporary folder and the real `tradeoff`
//! binary run on it, with output normalised for snapshots; for `serve`, the running server
//! with a small HTTP client and a reader of its live-reload events.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A temporary copy of a site.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    /// The site's root folder.
    pub root: PathBuf,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code.
    pub code: i32,
    /// Standard output, paths and timings redacted.
    pub stdout: String,
    /// Standard error, paths and timings redacted.
    pub stderr: String,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture folders are readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside the fixture"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create fixture folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

impl SiteTest {
    /// An empty folder.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).expect("create site folder");
        SiteTest { _dir: dir, root }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let test = Self::empty();
        copy_dir(&repo().join("tests/fixtures").join(name), &test.root);
        test
    }

    /// A copy of the repository's example site (site.toml and content/, built-in theme).
    pub fn example() -> Self {
        let test = Self::empty();
        fs::copy(repo().join("site.toml"), test.root.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo().join("content"), &test.root.join("content"));
        test
    }

    /// This repository's `site.toml` (its schema) with an empty `content/`.
    pub fn example_schema() -> Self {
        let test = Self::empty();
        fs::copy(repo().join("site.toml"), test.root.join("site.toml")).expect("copy site.toml");
        fs::create_dir_all(test.root.join("content")).expect("create content/");
        test
    }

    /// The path of a file of `tests/fixtures/`.
    pub fn fixture_path(path: &str) -> String {
        repo()
            .join("tests/fixtures")
            .join(path)
            .display()
            .to_string()
    }

    /// The text a reader sees on every built page, lowercase, tags dropped, entities decoded and
    /// spaces collapsed: for checking that statements reach the site.
    pub fn visible_text(&self) -> String {
        let tags = regex::Regex::new(r"<[^>]*>").expect("valid regex");
        let mut all = String::new();
        for (path, bytes) in self.tree("public") {
            if path.ends_with(".html") {
                let html = String::from_utf8(bytes).expect("pages are UTF-8");
                all.push_str(&unescape(&tags.replace_all(&html, " ")));
                all.push(' ');
            }
        }
        all.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// Writes a file of the site, creating folders.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Self {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(target, contents).expect("write site file");
        self
    }

    /// Removes a file of the site.
    pub fn remove(&self, path: &str) -> &Self {
        fs::remove_file(self.root.join(path)).expect("remove site file");
        self
    }

    /// A file's text (panics if missing).
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root.join(path))
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    }

    /// Whether a path exists under the root.
    pub fn exists(&self, path: &str) -> bool {
        self.root.join(path).exists()
    }

    /// Runs `tradeoff <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_env(args, &[])
    }

    /// Runs `tradeoff <args>` in the site's folder with these environment variables set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .env_remove("TRADEOFF_REPO")
            .envs(env.iter().copied())
            .output()
            .expect("the tradeoff binary runs");
        let root = self.root.display().to_string();
        let clean = |bytes: &[u8]| redact(&String::from_utf8_lossy(bytes), &root);
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: clean(&output.stdout),
            stderr: clean(&output.stderr),
        }
    }

    /// Runs `tradeoff build` and insists it succeeds.
    pub fn build_ok(&self) -> Outcome {
        let out = self.run(&["build"]);
        assert_eq!(out.code, 0, "build failed:\n{}", out.stderr);
        out
    }

    /// Every file under `dir` (relative to the root) with its bytes, sorted.
    pub fn tree(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        let base = self.root.join(dir);
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&base)
            .into_iter()
            .map(|e| e.expect("readable"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&base)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, fs::read(e.path()).expect("readable"))
            })
            .collect();
        files.sort();
        files
    }
}

/// Replaces the temporary root with `[SITE]` and durations with `[TIME]`.
pub fn redact(text: &str, root: &str) -> String {
    let duration = regex::Regex::new(r"\b\d+(\.\d+)? (ms|s)\b").expect("valid regex");
    duration
        .replace_all(&text.replace(root, "[SITE]"), "[TIME]")
        .into_owned()
}

/// Text with HTML entities of the theme's escaping turned back into characters.
pub fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// How long a served change may take to show before a test gives up: generous, since the
/// machine may be busy.
pub const SERVE_TIMEOUT: Duration = Duration::from_secs(20);

/// A running `tradeoff serve`, killed if still running when dropped.
pub struct Server {
    child: Child,
    stderr: Arc<Mutex<String>>,
    /// `127.0.0.1:<port>`.
    pub address: String,
    /// The URL it printed, base path included.
    pub url: String,
}

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names in lowercase.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A page's live-reload event stream, read as it arrives.
pub struct Events {
    text: Arc<Mutex<String>>,
    _stream: TcpStream,
}

impl Events {
    /// Waits until the stream holds `needle`; false after [`SERVE_TIMEOUT`].
    pub fn wait_for(&self, needle: &str) -> bool {
        wait_until(|| self.text().contains(needle))
    }

    /// Everything received so far.
    pub fn text(&self) -> String {
        self.text.lock().expect("not poisoned").clone()
    }
}

/// Polls `done` until it holds or [`SERVE_TIMEOUT`] passes.
pub fn wait_until(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + SERVE_TIMEOUT;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    done()
}

fn read_into(mut from: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(n) = from.read(&mut buffer) {
            if n == 0 {
                break;
            }
            into.lock()
                .expect("not poisoned")
                .push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    });
}

impl SiteTest {
    /// Starts `tradeoff serve --port 0 <args>` in the site's folder and waits for the address
    /// it prints.
    pub fn serve(&self, args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
        command.args(["serve", "--port", "0"]).args(args);
        self.serve_with(command)
    }

    /// [`SiteTest::serve`] with the limit of open files (`ulimit -n`, soft and hard) lowered
    /// to `files`, through `sh`.
    pub fn serve_with_open_files(&self, files: u32, args: &[&str]) -> Server {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "ulimit -n {files} && exec \"$0\" serve --port 0 \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_tradeoff"))
            .args(args);
        self.serve_with(command)
    }

    fn serve_with(&self, mut command: Command) -> Server {
        let mut child = command
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the tradeoff binary starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        read_into(
            child.stderr.take().expect("stderr is piped"),
            Arc::clone(&stderr),
        );
        let found = wait_until(|| {
            stderr
                .lock()
                .expect("not poisoned")
                .contains("serving http://")
        });
        let text = stderr.lock().expect("not poisoned").clone();
        assert!(found, "serve printed no address:\n{text}");
        let url = text
            .split("serving ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("an address follows `serving`")
            .to_string();
        let address = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .expect("a host and port")
            .to_string();
        Server {
            child,
            stderr,
            address,
            url,
        }
    }

    /// Writes a file as vim and VS Code save: a temporary file renamed over it.
    pub fn save_by_rename(&self, path: &str, contents: &str) -> &Self {
        let target = self.root.join(path);
        let name = target
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let temporary = target.with_file_name(format!(".{name}.swp"));
        fs::write(&temporary, contents).expect("write temporary file");
        fs::rename(&temporary, &target).expect("rename over the file");
        self
    }
}

impl Server {
    /// `GET <path>`, the path sent exactly as given.
    pub fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("the server accepts");
        stream
            .set_read_timeout(Some(SERVE_TIMEOUT))
            .expect("a timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .expect("send the request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the response");
        parse_response(&raw)
    }

    /// Polls `GET <path>` until `done` holds for the response; panics after
    /// [`SERVE_TIMEOUT`], saying what it waited for.
    pub fn get_until(&self, path: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let mut last = None;
        let found = wait_until(|| {
            let response = self.get(path);
            let ok = done(&response);
            last = Some(response);
            ok
        });
        let last = last.expect("at least one request");
        assert!(
            found,
            "{path} never showed {what}; last answer: {} {}\nserver said:\n{}",
            last.status,
            last.body.chars().take(2000).collect::<String>(),
            self.stderr()
        );
        last
    }

    /// Opens the live-reload event stream of the page at `page` (a URL path) as served at
    /// `version` (the page's `data-version`).
    pub fn events(&self, page: &str, version: &str) -> Events {
        let mut stream = TcpStream::connect(&self.address).expect("the server accepts");
        let query: String = page
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        write!(
            stream,
            "GET /__tradeoff/events?page={query}&version={version} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.address
        )
        .expect("send the request");
        let text = Arc::new(Mutex::new(String::new()));
        read_into(
            stream.try_clone().expect("a second handle"),
            Arc::clone(&text),
        );
        let events = Events {
            text,
            _stream: stream,
        };
        assert!(
            events.wait_for("text/event-stream"),
            "no event stream: {}",
            events.text()
        );
        events
    }

    /// What the server printed so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("not poisoned").clone()
    }

    /// The process's id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends Ctrl-C (SIGINT) and waits for the process to end: its exit code and everything
    /// it printed.
    pub fn interrupt(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -INT failed");
        let deadline = Instant::now() + SERVE_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                thread::sleep(Duration::from_millis(50)); // let the reader take the last lines
                return (status.code(), self.stderr());
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The `data-version` the live-reload script of a served page carries.
pub fn served_version(html: &str) -> String {
    html.split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page has the live-reload script")
        .to_string()
}

fn parse_response(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

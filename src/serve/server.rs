//! `serve`'s HTTP server: axum on a thread of its own (the only asynchronous code of
//! tradeoff), serving the last good [`Output`] from memory under the base path, exactly as
//! GitHub Pages would serve it, plus the live-reload script and its event stream. The rest of
//! `serve` hands it each new output and each failure through [`Server`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::convert::Infallible;
use std::io;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use tokio::sync::{broadcast, watch};

use crate::output::Output;
use crate::render::urls::NOT_FOUND_PAGE;

use super::live;

/// How long open connections get to finish once the server is told to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The running server. Dropping it without [`Server::stop`] leaves the thread running.
#[derive(Debug)]
pub struct Server {
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

/// What the HTTP side and the rebuilding side share: the served output behind a lock, and
/// the channel that tells open pages what changed.
#[derive(Debug)]
struct Shared {
    base_path: String,
    served: RwLock<Served>,
    updates: broadcast::Sender<Arc<Update>>,
}

#[derive(Debug)]
struct Served {
    /// The last good output.
    output: Output,
    /// Counts publications; pages carry the version they were served at.
    version: u64,
    /// The version at which each file last changed.
    changed_at: HashMap<String, u64>,
    /// The failed build's overlay, while the latest build failed.
    overlay: Option<Arc<str>>,
    /// Whether any build has succeeded yet.
    has_site: bool,
}

/// One publication, as the event streams of open pages receive it.
#[derive(Debug)]
struct Update {
    /// The output files that changed (all of them on the first good build).
    changed: HashSet<String>,
    /// The overlay of a failed build.
    overlay: Option<Arc<str>>,
}

impl Server {
    /// Serves `output` (the last good build, empty if none) under `base_path` on `listener`,
    /// with `overlay` shown when the latest build failed. `on_interrupt` runs, on the server's
    /// thread, when the process receives Ctrl-C (or SIGTERM).
    pub fn start(
        listener: std::net::TcpListener,
        base_path: String,
        output: Output,
        overlay: Option<String>,
        on_interrupt: impl FnOnce() + Send + 'static,
    ) -> io::Result<Server> {
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (updates, _) = broadcast::channel(64);
        let has_site = !output.is_empty();
        let changed_at = output.paths().map(|p| (p.to_string(), 0)).collect();
        let shared = Arc::new(Shared {
            base_path,
            served: RwLock::new(Served {
                output,
                version: 0,
                changed_at,
                overlay: overlay.map(Arc::from),
                has_site,
            }),
            updates,
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let app = Router::new()
            .route(live::SCRIPT_URL, get(script))
            .route(live::EVENTS_URL, get(events))
            .fallback(site)
            .with_state(AppState {
                shared: Arc::clone(&shared),
                shutdown: shutdown_rx.clone(),
            });
        let thread = std::thread::Builder::new()
            .name("tradeoff-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::spawn(async move {
                        if wait_for_interrupt().await {
                            on_interrupt();
                        }
                    });
                    accept_connections(listener, app, shutdown_rx).await;
                });
            })?;
        Ok(Server {
            shared,
            shutdown,
            thread: Some(thread),
        })
    }

    /// Serves a new good build: `changes` are the files that are new or changed (with their
    /// contents) or gone (`None`) since the previous one. Pages showing a changed file reload;
    /// any error overlay goes away.
    pub fn publish_site(&self, changes: Vec<(String, Option<Bytes>)>) {
        let update = {
            let mut served = self
                .shared
                .served
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            let first = !served.has_site;
            if changes.is_empty() && served.overlay.is_none() && !first {
                return;
            }
            served.version += 1;
            let version = served.version;
            let mut changed = HashSet::with_capacity(changes.len());
            for (path, contents) in changes {
                match contents {
                    Some(bytes) => served.output.insert(path.clone(), bytes),
                    None => {
                        served.output.remove(&path);
                    }
                }
                served.changed_at.insert(path.clone(), version);
                changed.insert(path);
            }
            if first {
                changed.extend(served.output.paths().map(str::to_string));
            }
            served.has_site = true;
            served.overlay = None;
            Update {
                changed,
                overlay: None,
            }
        };
        // No open page is no error.
        let _ = self.shared.updates.send(Arc::new(update));
    }

    /// Shows a failed build's `overlay` in every open page (and in pages served from now
    /// on), over the last good output, which stays served.
    pub fn publish_failure(&self, overlay: String) {
        let overlay: Arc<str> = Arc::from(overlay);
        {
            let mut served = self
                .shared
                .served
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            served.overlay = Some(Arc::clone(&overlay));
        }
        let _ = self.shared.updates.send(Arc::new(Update {
            changed: HashSet::new(),
            overlay: Some(overlay),
        }));
    }

    /// Stops serving: open event streams end, requests under way get a moment to finish,
    /// and the thread is joined.
    pub fn stop(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How long a connection may take to send a request's headers, and how long an open
/// connection may wait between requests before it is closed. Event streams are responses
/// under way, which this does not end.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait before accepting again when accepting failed (at the limit of open
/// files, say).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);
/// Open files kept for everything but connections: reading the site's files, the watcher,
/// the terminal.
const RESERVED_FILES: u64 = 128;
/// The most connections served at once whatever the limit of open files.
const MOST_CONNECTIONS: u64 = 10_000;

/// How many connections may be open at once: as many as the process may open files
/// (raised to its hard limit) less 128 kept back, so that reading an edited file never
/// meets a limit the connections used up. Further connections wait to be accepted.
pub fn connection_cap() -> usize {
    #[cfg(unix)]
    let files = {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        let wanted = match limit.maximum {
            Some(hard) => hard.min(MOST_CONNECTIONS + RESERVED_FILES),
            None => MOST_CONNECTIONS + RESERVED_FILES,
        };
        match limit.current {
            Some(soft) if soft < wanted => {
                let raised = Rlimit {
                    current: Some(wanted),
                    maximum: limit.maximum,
                };
                if setrlimit(Resource::Nofile, raised).is_ok() {
                    wanted
                } else {
                    soft
                }
            }
            Some(soft) => soft,
            None => wanted,
        }
    };
    #[cfg(not(unix))]
    let files = MOST_CONNECTIONS + RESERVED_FILES;
    let cap = files
        .saturating_sub(RESERVED_FILES)
        .clamp(8, MOST_CONNECTIONS);
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// Serves `app` on every connection `listener` accepts, at most [`connection_cap`] at once,
/// each closed when it sends no complete request head within [`HEADER_READ_TIMEOUT`]; until
/// `shutdown`, then lets open connections finish for [`SHUTDOWN_GRACE`].
async fn accept_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(connection_cap()));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => permit,
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        let Ok(permit) = permit else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of open files, or a connection reset before it was accepted:
                    // try again shortly.
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            _ = shutdown.wait_for(|stop| *stop) => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection =
            graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection that fails (reset, timed out) is no concern of the others.
            let _ = connection.await;
            drop(permit);
        });
    }
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// Waits for Ctrl-C or, on Unix, SIGTERM; `false` when signals cannot be watched.
async fn wait_for_interrupt() -> bool {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut terminate) = signal(SignalKind::terminate()) else {
            return tokio::signal::ctrl_c().await.is_ok();
        };
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.is_ok(),
            _ = terminate.recv() => true,
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.is_ok()
    }
}

#[derive(Clone)]
struct AppState {
    shared: Arc<Shared>,
    shutdown: watch::Receiver<bool>,
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// An output file, by its output path.
    File(String),
    /// A folder asked for without its final `/`: the same path with it.
    Redirect(String),
    /// Under the base path, but no such file.
    NotFound,
    /// Not under the base path at all.
    Outside,
    /// A path that tries to leave the site (`..`, also percent-encoded), is absolute once
    /// decoded, or holds backslashes or NUL: refused.
    Refused,
}

/// Resolves a request's raw (percent-encoded) `path` against `output` served under
/// `base_path`, as GitHub Pages does: `dir/` means `dir/index.html`, and `dir` redirects to
/// `dir/` when that exists.
pub fn resolve(output: &Output, base_path: &str, path: &str) -> Resolved {
    if path.contains('\\') {
        return Resolved::Refused;
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return if format!("{path}/") == base_path {
            Resolved::Redirect(base_path.to_string())
        } else {
            Resolved::Outside
        };
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Resolved::Refused;
    };
    if decoded.starts_with('/')
        || decoded.contains(['\\', '\0'])
        || decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return Resolved::Refused;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        let index = format!("{decoded}index.html");
        return if output.contains(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if output.contains(&decoded) {
        Resolved::File(decoded.into_owned())
    } else if output.contains(&format!("{decoded}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        Resolved::NotFound
    }
}

/// The `Content-Type` of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.into())
        .expect("a status and two fixed headers always make a response")
}

fn text(status: StatusCode, message: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", message)
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        live::SCRIPT,
    )
}

/// Serves the site's files: HTML pages get the live-reload script (and the overlay while
/// the latest build failed).
async fn site(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let shared = &state.shared;
    // Take what the answer needs and let go of the lock before copying anything.
    let (resolved, file, version, overlay) = {
        let served = shared.served.read().unwrap_or_else(PoisonError::into_inner);
        if !served.has_site {
            let overlay = served.overlay.as_deref().unwrap_or_default();
            let page = live::error_page(served.version, overlay);
            return respond(
                StatusCode::SERVICE_UNAVAILABLE,
                "text/html; charset=utf-8",
                page,
            );
        }
        let resolved = resolve(&served.output, &shared.base_path, uri.path());
        let file = match &resolved {
            Resolved::File(path) => served.output.get_shared(path),
            Resolved::NotFound => served.output.get_shared(NOT_FOUND_PAGE),
            _ => None,
        };
        (resolved, file, served.version, served.overlay.clone())
    };
    let html = |bytes: &[u8]| live::inject(bytes, &live::tags(version, overlay.as_deref()));
    match (resolved, file) {
        (Resolved::File(path), Some(bytes)) => {
            let kind = content_type(&path);
            if kind.starts_with("text/html") {
                respond(StatusCode::OK, kind, html(&bytes))
            } else {
                respond(StatusCode::OK, kind, bytes)
            }
        }
        (Resolved::NotFound, Some(page)) => respond(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            html(&page),
        ),
        (Resolved::File(_) | Resolved::NotFound, None) => {
            text(StatusCode::NOT_FOUND, "not found\n")
        }
        (Resolved::Redirect(location), _) => {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            match HeaderValue::try_from(location) {
                Ok(value) => {
                    let mut response = text(StatusCode::MOVED_PERMANENTLY, "moved\n");
                    response.headers_mut().insert(header::LOCATION, value);
                    response
                }
                Err(_) => text(StatusCode::BAD_REQUEST, "bad request\n"),
            }
        }
        (Resolved::Outside, _) => {
            let base = crate::report::escape(&shared.base_path);
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Not found</title>\n</head>\n<body>\n<p>Nothing here: the site is served under \
<a href=\"{base}\">{base}</a>, as it will be when published.</p>\n</body>\n</html>\n"
            );
            respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", page)
        }
        (Resolved::Refused, _) => text(
            StatusCode::BAD_REQUEST,
            "bad request: the path leaves the site\n",
        ),
    }
}

/// One open page's event stream.
struct Listener {
    state: AppState,
    updates: broadcast::Receiver<Arc<Update>>,
    /// The page's path as the browser shows it (percent-encoded, base path included).
    page: String,
    overlay_shown: bool,
    queued: VecDeque<Event>,
}

impl Listener {
    /// The output file the page shows now (its 404 page when it has none).
    fn output_path(&self, served: &Served) -> String {
        match resolve(&served.output, &self.state.shared.base_path, &self.page) {
            Resolved::File(path) => path,
            _ => NOT_FOUND_PAGE.to_string(),
        }
    }

    /// The events an update means for this page.
    fn receive(&mut self, update: &Update) {
        if let Some(overlay) = &update.overlay {
            self.queued.push_back(json_event("errors", &**overlay));
            self.overlay_shown = true;
            return;
        }
        let page = {
            let served = self
                .state
                .shared
                .served
                .read()
                .unwrap_or_else(PoisonError::into_inner);
            self.output_path(&served)
        };
        if update.changed.contains(&page) {
            self.queued
                .push_back(Event::default().event("reload").data("{}"));
            return;
        }
        if self.overlay_shown {
            self.queued
                .push_back(Event::default().event("fixed").data("{}"));
            self.overlay_shown = false;
        }
        let base = &self.state.shared.base_path;
        let mut stylesheets: Vec<String> = update
            .changed
            .iter()
            .filter(|path| path.ends_with(".css"))
            .map(|path| format!("{base}{path}"))
            .collect();
        if !stylesheets.is_empty() {
            stylesheets.sort();
            self.queued.push_back(json_event("css", &stylesheets));
        }
    }
}

fn json_event(name: &'static str, data: &(impl serde::Serialize + ?Sized)) -> Event {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".to_string());
    Event::default().event(name).data(json)
}

/// The live-reload event stream of one page: `?page=<its path>&version=<served version>`.
async fn events(State(state): State<AppState>, uri: Uri) -> impl IntoResponse {
    let mut page = String::new();
    let mut version = 0u64;
    for (key, value) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        match &*key {
            "page" => page = value.into_owned(),
            "version" => version = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    let updates = state.shared.updates.subscribe();
    let mut listener = Listener {
        state: state.clone(),
        updates,
        page,
        overlay_shown: false,
        queued: VecDeque::new(),
    };
    {
        // What happened between serving the page and opening this stream.
        let served = state
            .shared
            .served
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let path = listener.output_path(&served);
        let stale = served.changed_at.get(&path).is_some_and(|&v| v > version);
        if stale {
            listener
                .queued
                .push_back(Event::default().event("reload").data("{}"));
        } else if let Some(overlay) = &served.overlay {
            listener.queued.push_back(json_event("errors", &**overlay));
            listener.overlay_shown = true;
        }
    }
    let stream = futures_util::stream::unfold(listener, |mut listener| async move {
        loop {
            if let Some(event) = listener.queued.pop_front() {
                return Some((Ok::<Event, Infallible>(event), listener));
            }
            let mut shutdown = listener.state.shutdown.clone();
            tokio::select! {
                received = listener.updates.recv() => match received {
                    Ok(update) => listener.receive(&update),
                    Err(broadcast::error::RecvError::Lagged(_)) => listener
                        .queued
                        .push_back(Event::default().event("reload").data("{}")),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = shutdown.wait_for(|stop| *stop) => return None,
            }
        }
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output() -> Output {
        let mut output = Output::new();
        for path in [
            "index.html",
            "404.html",
            "options/flask/index.html",
            "css/style.css",
            "matrix.json",
        ] {
            output.insert(path, b"x".to_vec());
        }
        output
    }

    #[test]
    fn resolves_pages_files_and_folders() {
        let out = output();
        let at = |path| resolve(&out, "/", path);
        assert_eq!(at("/"), Resolved::File("index.html".into()));
        assert_eq!(
            at("/options/flask/"),
            Resolved::File("options/flask/index.html".into())
        );
        assert_eq!(
            at("/options/flask"),
            Resolved::Redirect("/options/flask/".into())
        );
        assert_eq!(at("/css/style.css"), Resolved::File("css/style.css".into()));
        assert_eq!(at("/options/django/"), Resolved::NotFound);
        assert_eq!(at("/etc/passwd"), Resolved::NotFound);
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        let out = output();
        for path in [
            "/../etc/passwd",
            "/options/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fsecret",
            "/options/..%2f..%2fetc",
            "//etc/passwd",
            "/%2Fetc%2Fpasswd",
            "/options\\..\\x",
            "/options%5c..%5cx",
            "/a%00b",
            "/./index.html",
            "/%ff",
        ] {
            assert_eq!(resolve(&out, "/", path), Resolved::Refused, "{path}");
        }
    }

    #[test]
    fn serves_under_the_base_path_only() {
        let out = output();
        let at = |path| resolve(&out, "/repo/", path);
        assert_eq!(at("/repo/"), Resolved::File("index.html".into()));
        assert_eq!(at("/repo"), Resolved::Redirect("/repo/".into()));
        assert_eq!(at("/"), Resolved::Outside);
        assert_eq!(at("/options/flask/"), Resolved::Outside);
        assert_eq!(at("/repo/../etc"), Resolved::Refused);
    }

    #[test]
    fn knows_the_site_s_content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("matrix.json"), "application/json");
        assert_eq!(content_type("matrix.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}

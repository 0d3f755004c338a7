//! `serve`'s incremental build: a [`LiveSite`] keeps the site's inputs, what was rendered from
//! them ([`super::cache`]) and the last good output between edits. Each [`ChangeKind`] reads
//! again only what it names, and only the pieces whose inputs changed are rendered again, so
//! that the result always equals a full build of the same files. Uses the pipeline (site,
//! render, output).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::Candidate;
use crate::diag::{Diagnostic, Severity, sort_diagnostics};
use crate::output::Output;
use crate::project::Project;
use crate::render::templates::Templates;
use crate::render::urls::Urls;
use crate::render::{assets, links, subpath};
use crate::site::{Site, Sources};

use super::cache::{Inputs, RenderCache, Work};
use super::watch::ChangeKind;

/// What an update of a [`LiveSite`] came to.
#[derive(Debug)]
pub enum Outcome {
    /// The site built. `changes` lists every file that is new or different since the last
    /// good build (with its contents) or gone (`None`), sorted by path.
    Built {
        /// The changed files.
        changes: Vec<(String, Option<Bytes>)>,
        /// The build's warnings.
        warnings: Vec<Diagnostic>,
        /// How much was rendered again.
        work: Work,
    },
    /// The site did not build; the last good output stays as it was.
    Failed {
        /// Every problem, sorted, warnings included.
        diagnostics: Vec<Diagnostic>,
    },
}

/// A site being served: its inputs as last read, what was rendered from them, and the last
/// output that built without errors.
pub struct LiveSite {
    project: Project,
    base_path: String,
    local_origin: String,
    sources: Sources,
    templates: Result<Templates, Vec<Diagnostic>>,
    templates_version: u64,
    assets: Result<BTreeMap<String, Bytes>, Vec<Diagnostic>>,
    assets_version: u64,
    cache: RenderCache,
    /// The last output that built without errors.
    output: Output,
    /// The paths renders wrote or removed since `output` was last brought up to date.
    pending: BTreeSet<String>,
    /// The site as last assembled without errors, and the warnings of that assembly.
    assembled: Option<(Site, Vec<Diagnostic>)>,
    /// Whether the next successful render checks the links of every page, not only of those
    /// it changed: static files came or went, which pages may link to unchanged.
    check_every_page: bool,
}

impl std::fmt::Debug for LiveSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSite")
            .field("root", &self.project.root)
            .field("base_path", &self.base_path)
            .field("files", &self.output.len())
            .finish()
    }
}

/// The static files, each as a shared buffer.
fn load_assets(project: &Project) -> Result<BTreeMap<String, Bytes>, Vec<Diagnostic>> {
    assets::load(project).map(|files| {
        files
            .into_iter()
            .map(|(path, bytes)| (path, Bytes::from(bytes)))
            .collect()
    })
}

impl LiveSite {
    /// Reads the site at `project` and builds it, to be served under `base_path` (`/` or
    /// `/repo/`). Internal URLs use `local_origin` (`http://127.0.0.1:1111`) where the site's
    /// `base_url` has an origin, so that canonical links and the sitemap point at the server.
    pub fn new(project: Project, base_path: String, local_origin: String) -> (LiveSite, Outcome) {
        let sources = Sources::read(&project);
        let templates = Templates::load(&project);
        let assets = load_assets(&project);
        let mut site = LiveSite {
            project,
            base_path,
            local_origin,
            sources,
            templates,
            templates_version: 0,
            assets,
            assets_version: 0,
            cache: RenderCache::default(),
            output: Output::new(),
            pending: BTreeSet::new(),
            assembled: None,
            check_every_page: true,
        };
        let outcome = site.render(None);
        (site, outcome)
    }

    /// The last output that built without errors (empty if none did yet).
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// Reads again what `changes` name, then renders what their changes reach.
    pub fn update(&mut self, changes: &BTreeSet<ChangeKind>) -> Outcome {
        let project = &self.project;
        // Edits that leave every option's place in the order as it was can patch the site as
        // last assembled instead of assembling it again: the common case, and at thousands
        // of options the assembly (ordering, the duplicate check) is worth skipping.
        let mut replaced = Some(Vec::new());
        if changes.contains(&ChangeKind::Config) || changes.contains(&ChangeKind::Content) {
            let fresh = Sources::read(project);
            self.sources = keep_unchanged_options(&self.sources, fresh);
            replaced = None;
        } else {
            for change in changes {
                match change {
                    ChangeKind::Landing => {
                        self.sources.reread_landing(project);
                        replaced = None;
                    }
                    ChangeKind::Candidate(name) => {
                        let before = self.sources.options.get(name).cloned();
                        self.sources.reread_option(project, name);
                        let after = self.sources.options.get(name);
                        match (before, after) {
                            (Some(Ok(old)), Some(Ok(new))) if same_place(&old, new) => {
                                if let Some(replaced) = &mut replaced {
                                    replaced.push((old, Arc::clone(new)));
                                }
                            }
                            _ => replaced = None,
                        }
                    }
                    _ => {}
                }
            }
        }
        if changes.contains(&ChangeKind::Config) || changes.contains(&ChangeKind::Templates) {
            self.templates = Templates::load(project);
            self.templates_version += 1;
        }
        if changes.contains(&ChangeKind::Config) || changes.contains(&ChangeKind::Static) {
            self.assets = load_assets(project);
            self.assets_version += 1;
            self.check_every_page = true;
        }
        self.render(replaced)
    }

    fn urls(&self, config: &SiteConfig) -> Urls {
        let origin = config
            .base_url
            .origin
            .as_ref()
            .map(|_| self.local_origin.as_str());
        Urls::new(&self.base_path, origin)
    }

    /// Assembles the site from its inputs and renders what changed, as
    /// [`crate::commands::build_in_memory`] does for a whole build.
    fn render(&mut self, replaced: Option<Vec<(Arc<Candidate>, Arc<Candidate>)>>) -> Outcome {
        let patched =
            replaced
                .zip(self.assembled.take())
                .and_then(|(replaced, (site, warnings))| {
                    Some((patch_site(site, &replaced)?, warnings))
                });
        let (site, mut diagnostics) = match patched {
            Some((site, warnings)) => (Some(site), warnings),
            None => self.sources.assemble(),
        };
        let warnings = diagnostics.clone();
        if let Err(d) = &self.templates {
            diagnostics.extend(d.iter().cloned());
        }
        if let Err(d) = &self.assets {
            diagnostics.extend(d.iter().cloned());
        }
        let (Some(site), Ok(templates), Ok(assets)) = (site, &self.templates, &self.assets) else {
            // Files with errors are left out of a render that finds what else is wrong (a
            // broken link, a template failing on another page). Its pieces stay cached for
            // when the site is whole again; the good output stays as it was.
            if let (Some(partial), Ok(templates), Ok(assets)) = (
                self.sources.assemble_partial(&self.project),
                &self.templates,
                &self.assets,
            ) {
                let urls = self.urls(&partial.config);
                let pass = self.cache.render(&Inputs {
                    site: &partial,
                    templates,
                    templates_version: self.templates_version,
                    assets,
                    assets_version: self.assets_version,
                    urls: &urls,
                });
                self.pending.extend(pass.touched);
                diagnostics.extend(pass.diagnostics);
            }
            sort_diagnostics(&mut diagnostics);
            return Outcome::Failed { diagnostics };
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            sort_diagnostics(&mut diagnostics);
            return Outcome::Failed { diagnostics };
        }
        let urls = self.urls(&site.config);
        let inputs = Inputs {
            site: &site,
            templates,
            templates_version: self.templates_version,
            assets,
            assets_version: self.assets_version,
            urls: &urls,
        };
        let pass = self.cache.render(&inputs);
        self.pending.extend(pass.touched);
        diagnostics.extend(pass.diagnostics);
        if !diagnostics.iter().any(Diagnostic::is_error) {
            // The pages this pass changes, checked as `build` checks every page: links the
            // templates make, and URLs that leave the base path (warnings).
            let pending: Vec<String> = self.pending.iter().cloned().collect();
            let only = (!self.check_every_page).then_some(pending.as_slice());
            let rendered = self.cache.output();
            let own: Vec<crate::source::SourceFile> = templates.own_sources().cloned().collect();
            let (links, subpath) = rayon::join(
                || {
                    links::check(
                        &site,
                        rendered,
                        &own,
                        &self.base_path,
                        crate::render::RENDERED,
                        only,
                    )
                },
                || {
                    subpath::check(
                        &site,
                        rendered,
                        &own,
                        &self.base_path,
                        crate::render::RENDERED,
                        Severity::Warning,
                        only,
                    )
                },
            );
            diagnostics.extend(links);
            diagnostics.extend(subpath);
        }
        self.assembled = Some((site, warnings));
        sort_diagnostics(&mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Outcome::Failed { diagnostics };
        }
        self.check_every_page = false;
        // The good output catches up with every path written since it was last good.
        let rendered = self.cache.output();
        let pending: Vec<String> = std::mem::take(&mut self.pending).into_iter().collect();
        let changes: Vec<(String, Option<Bytes>)> = pending
            .into_par_iter()
            .filter_map(|path| {
                let now = rendered.get_shared(&path);
                let same = match (&now, self.output.get(&path)) {
                    (Some(a), Some(b)) => a.as_ptr() == b.as_ptr() || a[..] == *b,
                    (None, None) => true,
                    _ => false,
                };
                (!same).then_some((path, now))
            })
            .collect();
        for (path, now) in &changes {
            match now {
                Some(bytes) => self.output.insert(path.clone(), bytes.clone()),
                None => {
                    self.output.remove(path);
                }
            }
        }
        Outcome::Built {
            changes,
            warnings: diagnostics,
            work: pass.work,
        }
    }
}

/// Whether an option that changed keeps its place: same order, title and slug (which decide
/// the display order, the URL and the duplicate check).
fn same_place(old: &Candidate, new: &Candidate) -> bool {
    old.order == new.order && old.title == new.title && old.slug == new.slug
}

/// `site` with each `(old, new)` option swapped in place; `None` when an old one is missing.
fn patch_site(mut site: Site, replaced: &[(Arc<Candidate>, Arc<Candidate>)]) -> Option<Site> {
    for (old, new) in replaced {
        let slot = site.candidates.iter_mut().find(|c| Arc::ptr_eq(c, old))?;
        *slot = Arc::clone(new);
    }
    Some(site)
}

/// `fresh` with every option that reads the same as in `old` shared with `old`, so that
/// what was rendered from it stays valid.
fn keep_unchanged_options(old: &Sources, mut fresh: Sources) -> Sources {
    fresh.options.par_iter_mut().for_each(|(name, option)| {
        if let (Ok(new), Some(Ok(previous))) = (&*option, old.options.get(name)) {
            if new == previous {
                *option = Ok(Arc::clone(previous));
            }
        }
    });
    fresh
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::render::assets::AssetLinks;
    use crate::render::render_site;

    const ORIGIN: &str = "http://127.0.0.1:1111";

    struct TestSite {
        _dir: tempfile::TempDir,
        project: Project,
    }

    impl TestSite {
        fn new() -> TestSite {
            let dir = tempfile::tempdir().expect("temp dir");
            let project = Project::new(Some(dir.path().to_path_buf()), None);
            let site = TestSite { _dir: dir, project };
            site.write(
                "site.toml",
                "title = \"Pick\"\nbase_url = \"https://example.org/repo/\"\n\n[[criteria]]\nkey = \"speed\"\nkind = \"score\"\n",
            );
            site.write(
                "content/_index.md",
                "+++\n+++\nStart with [Alpha](alpha.md) or [Gamma](gamma.md#pros).\n",
            );
            site.write(
                "content/alpha.md",
                "+++\ntitle = \"Alpha\"\nspeed = 3\npros = [\"quick\"]\n+++\nCompare with [Gamma](gamma.md).\n",
            );
            site.write(
                "content/beta.md",
                "+++\ntitle = \"Beta\"\nspeed = 2\n+++\nAlone.\n",
            );
            site.write(
                "content/gamma.md",
                "+++\ntitle = \"Gamma\"\nspeed = 5\npros = [\"solid\"]\n+++\n# Notes\n",
            );
            site
        }

        fn write(&self, path: &str, text: &str) {
            let target = self.project.root.join(path);
            fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
            fs::write(target, text).expect("write");
        }

        fn remove(&self, path: &str) {
            fs::remove_file(self.project.root.join(path)).expect("remove");
        }

        /// What `tradeoff build` would make of the same files, served the same way.
        fn full_build(&self) -> Output {
            let (site, diagnostics) = Site::load(&self.project);
            let site = site.unwrap_or_else(|| panic!("the site loads: {diagnostics:#?}"));
            let templates = Templates::load(&self.project).expect("templates load");
            let assets = assets::load(&self.project).expect("static files load");
            let origin = site.config.base_url.origin.as_ref().map(|_| ORIGIN);
            let urls = Urls::new("/", origin);
            let (output, diagnostics) =
                render_site(&site, &templates, &assets, &urls, AssetLinks::Plain);
            assert!(
                !diagnostics.iter().any(crate::diag::Diagnostic::is_error),
                "the site builds: {diagnostics:#?}"
            );
            output
        }

        fn assert_live_equals_full(&self, live: &LiveSite, step: &str) {
            let full = self.full_build();
            let paths = |o: &Output| o.paths().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(
                paths(live.output()),
                paths(&full),
                "{step}: the files differ"
            );
            for (path, bytes) in full.iter() {
                assert!(
                    live.output().get(path) == Some(bytes),
                    "{step}: {path} differs from a full build"
                );
            }
        }
    }

    fn changes(kinds: &[ChangeKind]) -> BTreeSet<ChangeKind> {
        kinds.iter().cloned().collect()
    }

    fn option(name: &str) -> ChangeKind {
        ChangeKind::Candidate(name.to_string())
    }

    fn built(outcome: Outcome) -> (Vec<(String, Option<Bytes>)>, Work) {
        match outcome {
            Outcome::Built { changes, work, .. } => (changes, work),
            Outcome::Failed { diagnostics } => panic!("the update failed: {diagnostics:#?}"),
        }
    }

    #[test]
    fn every_update_equals_a_full_build() {
        let site = TestSite::new();
        let (mut live, outcome) = LiveSite::new(site.project.clone(), "/".into(), ORIGIN.into());
        built(outcome);
        site.assert_live_equals_full(&live, "first build");

        type Edit = fn(&TestSite);
        let steps: Vec<(&str, Edit, Vec<ChangeKind>)> = vec![
            (
                "a body edit",
                |s| {
                    s.write("content/alpha.md", "+++\ntitle = \"Alpha\"\nspeed = 3\npros = [\"quick\"]\n+++\nNow [Gamma](gamma.md#notes).\n")
                },
                vec![option("alpha.md")],
            ),
            (
                "a title that changes the order",
                |s| {
                    s.write(
                        "content/beta.md",
                        "+++\ntitle = \"Aardvark\"\nspeed = 2\n+++\nAlone.\n",
                    )
                },
                vec![option("beta.md")],
            ),
            (
                "a slug that moves a linked page",
                |s| {
                    s.write("content/gamma.md", "+++\ntitle = \"Gamma\"\nslug = \"g\"\nspeed = 5\npros = [\"solid\"]\n+++\n# Notes\n")
                },
                vec![option("gamma.md")],
            ),
            (
                "a new option",
                |s| {
                    s.write(
                        "content/delta.md",
                        "+++\ntitle = \"Delta\"\nspeed = 1\n+++\n",
                    )
                },
                vec![option("delta.md")],
            ),
            (
                "a removed option",
                |s| s.remove("content/beta.md"),
                vec![option("beta.md")],
            ),
            (
                "two options swapping slugs",
                |s| {
                    s.write("content/alpha.md", "+++\ntitle = \"Alpha\"\nslug = \"delta\"\nspeed = 3\n+++\nNow [Gamma](gamma.md#notes).\n");
                    s.write(
                        "content/delta.md",
                        "+++\ntitle = \"Delta\"\nslug = \"alpha\"\nspeed = 1\n+++\n",
                    );
                },
                vec![option("alpha.md"), option("delta.md")],
            ),
            (
                "the landing text",
                |s| {
                    s.write(
                        "content/_index.md",
                        "+++\ntitle = \"Welcome\"\n+++\nSee [Gamma](gamma.md#pros).\n",
                    )
                },
                vec![ChangeKind::Landing],
            ),
            (
                "a template override",
                |s| {
                    s.write(
                        "templates/option-card.html",
                        "<li class=\"card\">{{ candidate.title }}</li>\n",
                    )
                },
                vec![ChangeKind::Templates],
            ),
            (
                "a new static file",
                |s| s.write("static/css/extra.css", "p { color: red }\n"),
                vec![ChangeKind::Static],
            ),
            (
                "an edited static file",
                |s| s.write("static/css/extra.css", "p { color: blue }\n"),
                vec![ChangeKind::Static],
            ),
            (
                "the settings",
                |s| {
                    s.write("site.toml", "title = \"Pick one\"\nbase_url = \"/\"\n\n[[criteria]]\nkey = \"speed\"\nkind = \"score\"\n")
                },
                vec![ChangeKind::Config],
            ),
        ];
        for (step, edit, kinds) in steps {
            edit(&site);
            built(live.update(&changes(&kinds)));
            site.assert_live_equals_full(&live, step);
        }
    }

    #[test]
    fn a_matrix_longer_than_its_page_equals_a_full_build_as_options_cross_the_page_s_end() {
        let site = TestSite::new();
        // Alpha, Beta, then these, then Gamma: the last three are past the page's rows.
        for i in 0..crate::render::MATRIX_STATIC_ROWS {
            site.write(
                &format!("content/extra-{i:04}.md"),
                &format!("+++\ntitle = \"Extra {i:04}\"\nspeed = 1\npros = [\"*quick*\"]\n+++\n"),
            );
        }
        let (mut live, outcome) = LiveSite::new(site.project.clone(), "/".into(), ORIGIN.into());
        built(outcome);
        site.assert_live_equals_full(&live, "first build");
        type Edit = fn(&TestSite);
        let steps: Vec<(&str, Edit, Vec<ChangeKind>)> = vec![
            (
                "an edit of an option past the page's rows",
                |s| {
                    s.write(
                        "content/gamma.md",
                        "+++\ntitle = \"Gamma\"\nspeed = 4\npros = [\"**solid**\"]\n+++\n# Notes\n",
                    )
                },
                vec![option("gamma.md")],
            ),
            (
                "a new first option, pushing an unchanged one past the page's end",
                |s| {
                    s.write(
                        "content/aardvark.md",
                        "+++\ntitle = \"Aardvark\"\nspeed = 3\n+++\n",
                    )
                },
                vec![option("aardvark.md")],
            ),
            (
                "an option moving past the page's end, another into the page",
                |s| {
                    s.write(
                        "content/beta.md",
                        "+++\ntitle = \"Zulu\"\nspeed = 2\n+++\nAlone.\n",
                    )
                },
                vec![option("beta.md")],
            ),
            (
                "a row template of the site's own",
                |s| {
                    s.write(
                        "templates/partials/matrix-row.html",
                        "<tr data-slug=\"{{ candidate.slug }}\" class=\"own\"><th>{{ candidate.title }}</th></tr>\n",
                    )
                },
                vec![ChangeKind::Templates],
            ),
        ];
        for (step, edit, kinds) in steps {
            edit(&site);
            built(live.update(&changes(&kinds)));
            site.assert_live_equals_full(&live, step);
        }
        let rows = live.output().get("matrix/rows.json").expect("a rows file");
        let rows = std::str::from_utf8(rows).expect("UTF-8");
        assert_eq!(rows.matches(r#"\"own\""#).count(), 4, "{rows}");
    }

    #[test]
    fn a_body_edit_renders_one_page_and_the_listings() {
        let site = TestSite::new();
        let (mut live, outcome) = LiveSite::new(site.project.clone(), "/".into(), ORIGIN.into());
        built(outcome);
        site.write(
            "content/beta.md",
            "+++\ntitle = \"Beta\"\nspeed = 2\n+++\nStill alone.\n",
        );
        let (changed, work) = built(live.update(&changes(&[option("beta.md")])));
        assert_eq!(work.option_pages, 1);
        assert_eq!(work.bodies, 1);
        let paths: Vec<&str> = changed.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            vec!["options/beta/index.html"],
            "listings show no body"
        );

        // Saving without a change renders nothing.
        let (changed, work) = built(live.update(&changes(&[option("beta.md")])));
        assert!(changed.is_empty(), "{changed:?}");
        assert_eq!(work, Work::default());
    }

    #[test]
    fn adding_an_option_renders_it_its_neighbours_and_the_listings_only() {
        let site = TestSite::new();
        let (mut live, outcome) = LiveSite::new(site.project.clone(), "/".into(), ORIGIN.into());
        built(outcome);
        // "Zeta" sorts last: only Gamma's "next" link and the listings change with it.
        site.write("content/zeta.md", "+++\ntitle = \"Zeta\"\nspeed = 1\n+++\n");
        let (_, work) = built(live.update(&changes(&[option("zeta.md")])));
        assert_eq!(
            work.option_pages, 2,
            "Zeta's page and Gamma's, whose next link changed"
        );
        assert!(work.listings);
        site.assert_live_equals_full(&live, "added zeta");
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_output_until_fixed() {
        let site = TestSite::new();
        let (mut live, outcome) = LiveSite::new(site.project.clone(), "/".into(), ORIGIN.into());
        built(outcome);
        let good = live.output().clone();
        site.write("content/beta.md", "+++\ntitle = \"Beta\nspeed = 2\n+++\n");
        match live.update(&changes(&[option("beta.md")])) {
            Outcome::Failed { diagnostics } => {
                assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
                assert_eq!(diagnostics[0].path.as_deref(), Some("content/beta.md"));
            }
            Outcome::Built { .. } => panic!("a broken option must fail"),
        }
        assert_eq!(live.output(), &good, "the last good output stays");
        site.write(
            "content/beta.md",
            "+++\ntitle = \"Beta\"\nspeed = 4\n+++\nAlone.\n",
        );
        let (changed, _) = built(live.update(&changes(&[option("beta.md")])));
        assert!(changed.iter().any(|(p, _)| p == "options/beta/index.html"));
        site.assert_live_equals_full(&live, "after the fix");
    }
}

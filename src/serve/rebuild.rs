//! `serve`'s rebuilds: a [`LiveSite`] keeps the site's inputs as last read, the pipeline's
//! [`Memo`] and the last good output between edits. Each change reads again only the files
//! it names and runs the same pipeline as `build`, which makes again only the pieces whose
//! inputs changed; so the result always equals a full build of the same files.

use std::collections::BTreeSet;

use bytes::Bytes;

use crate::diag::{Diagnostic, Severity};
use crate::output::Output;
use crate::pipeline::{self, Address, ChangeKind, Inputs, Memo, Request, Stop, Work};
use crate::project::Project;
use crate::render::assets::AssetLinks;

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
    /// [`LiveSite::stop`] was asked during the update and renders stopped: nothing is
    /// known of the site as it is now, and the last good output stays as it was. The next
    /// update renders everything again.
    Stopped,
}

/// A site being served: its inputs as last read, what the pipeline remembers of its last
/// run, and the last output that built without errors.
pub struct LiveSite {
    project: Project,
    base_path: String,
    local_origin: String,
    inputs: Inputs,
    memo: Memo,
    /// The last output that built without errors.
    output: Output,
    /// Asked to stop a running update.
    stop: Stop,
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

impl LiveSite {
    /// Reads the site at `project` and builds it, to be served under `base_path` (`/` or
    /// `/repo/`). Internal URLs use `local_origin` (`http://127.0.0.1:1111`) where the site's
    /// `base_url` has an origin, so that canonical links and the sitemap point at the server.
    pub fn new(project: Project, base_path: String, local_origin: String) -> (LiveSite, Outcome) {
        let inputs = Inputs::read(&project);
        let mut site = LiveSite {
            project,
            base_path,
            local_origin,
            inputs,
            memo: Memo::default(),
            output: Output::new(),
            stop: Stop::default(),
        };
        let outcome = site.rebuild();
        (site, outcome)
    }

    /// The last output that built without errors (empty if none did yet).
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// What stops a running [`LiveSite::update`] when asked (from another thread): its
    /// renders stop at their next step and it returns [`Outcome::Stopped`]. Reset it before
    /// the next update.
    pub fn stop(&self) -> Stop {
        self.stop.clone()
    }

    /// Reads again what `changes` name, then runs the pipeline.
    pub fn update(&mut self, changes: &BTreeSet<ChangeKind>) -> Outcome {
        self.inputs.refresh(&self.project, changes);
        self.rebuild()
    }

    fn rebuild(&mut self) -> Outcome {
        let mut request = serve_request(&self.base_path, &self.local_origin);
        request.stop = Some(&self.stop);
        let run = pipeline::run(&request, &self.inputs, &mut self.memo);
        if self.stop.obeyed() {
            // Renders that stopped are remembered as failed: forget what this run made.
            self.memo.forget_last_renders();
            return Outcome::Stopped;
        }
        if !run.succeeded() {
            return Outcome::Failed {
                diagnostics: run.diagnostics,
            };
        }
        let changes = pipeline::changed_files(&self.output, &run.output);
        self.output = run.output;
        Outcome::Built {
            changes,
            warnings: run.diagnostics,
            work: run.work,
        }
    }
}

/// The request `serve` makes: its own address, static files linked by their bare path
/// (editing one changes that file alone; the server sends no-cache headers instead), and
/// URLs that ignore the base path as warnings, as in `build`.
fn serve_request<'a>(base_path: &'a str, origin: &'a str) -> Request<'a> {
    Request {
        address: Address::Local { base_path, origin },
        asset_links: AssetLinks::Plain,
        subpath: Severity::Warning,
        pages: crate::diag::Origin::Rendered,
        today: pipeline::today(),
        stop: None,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

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
            let request = Request {
                address: Address::Local {
                    base_path: "/",
                    origin: ORIGIN,
                },
                asset_links: AssetLinks::Plain,
                subpath: Severity::Warning,
                pages: crate::diag::Origin::Rendered,
                today: pipeline::today(),
                stop: None,
            };
            let run = pipeline::run_once(&self.project, &request);
            assert!(run.succeeded(), "the site builds: {:#?}", run.diagnostics);
            run.output
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
            Outcome::Stopped => panic!("the update stopped"),
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
                "a score that moves the other options' ranks (and ties one)",
                |s| {
                    s.write(
                        "content/beta.md",
                        "+++\ntitle = \"Aardvark\"\nspeed = 5\n+++\nAlone.\n",
                    )
                },
                vec![option("beta.md")],
            ),
            (
                "a score removed: unrated, it leaves the ranking",
                |s| {
                    s.write(
                        "content/beta.md",
                        "+++\ntitle = \"Aardvark\"\n+++\nAlone.\n",
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
                "the landing page's title alone",
                |s| {
                    s.write(
                        "content/_index.md",
                        "+++\ntitle = \"Welcome back\"\n+++\nSee [Gamma](gamma.md#pros).\n",
                    )
                },
                vec![ChangeKind::Landing],
            ),
            (
                "a rater's file: the median moves the ranks",
                |s| {
                    s.write(
                        "content/ratings/alice.toml",
                        "[delta]\nspeed = { score = 5, why = \"Quickest.\" }\n[g]\nspeed = 1\n",
                    )
                },
                vec![ChangeKind::Ratings],
            ),
            (
                "a second rater, who disagrees",
                |s| s.write("content/ratings/bob.toml", "[delta]\nspeed = 1\n"),
                vec![ChangeKind::Ratings],
            ),
            (
                "a rater's file removed",
                |s| s.remove("content/ratings/alice.toml"),
                vec![ChangeKind::Ratings],
            ),
            (
                "a decision that chooses an option",
                |s| {
                    s.write(
                        "content/_index.md",
                        "+++\ntitle = \"Welcome back\"\n[decision]\nstatus = \"accepted\"\nchosen = [\"g\"]\n+++\nSee [Gamma](gamma.md#pros).\n",
                    )
                },
                vec![ChangeKind::Landing],
            ),
            (
                "the choice moved to another option",
                |s| {
                    s.write(
                        "content/_index.md",
                        "+++\ntitle = \"Welcome back\"\n[decision]\nstatus = \"accepted\"\nchosen = [\"delta\"]\n+++\nSee [Gamma](gamma.md#pros).\n",
                    )
                },
                vec![ChangeKind::Landing],
            ),
            (
                "a renamed option",
                |s| {
                    let old = s.project.root.join("content/delta.md");
                    fs::rename(&old, s.project.root.join("content/epsilon.md")).expect("rename");
                },
                vec![option("delta.md"), option("epsilon.md")],
            ),
            (
                "a partial only the landing page uses",
                |s| {
                    s.write(
                        "templates/partials/card.html",
                        "<li class=\"card\"><a href=\"{{ candidate.url }}\">{{ candidate.title }}</a></li>\n",
                    )
                },
                vec![ChangeKind::Templates],
            ),
            (
                "a partial only the matrix uses",
                |s| {
                    s.write(
                        "templates/partials/matrix-row.html",
                        "<tr data-slug=\"{{ candidate.slug }}\" class=\"edited\"><th scope=\"row\"><a href=\"{{ candidate.url }}\">{{ candidate.title }}</a></th></tr>\n",
                    )
                },
                vec![ChangeKind::Templates],
            ),
            (
                "a template only the option pages use",
                |s| {
                    s.write(
                        "templates/option.html",
                        "{% extends \"base.html\" %}{% block main %}<h1>{{ candidate.title }}</h1><section id=\"pros\"></section><section id=\"notes\">{{ body.html | safe }}</section>{% endblock main %}\n",
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

        // A link to an option that does not exist yet is an error until the option does.
        site.write(
            "content/alpha.md",
            "+++\ntitle = \"Alpha\"\nslug = \"delta\"\nspeed = 3\n+++\nSee [Zeta](zeta.md).\n",
        );
        assert!(
            matches!(
                live.update(&changes(&[option("alpha.md")])),
                Outcome::Failed { .. }
            ),
            "a link to a missing file fails"
        );
        site.write("content/zeta.md", "+++\ntitle = \"Zeta\"\nspeed = 1\n+++\n");
        built(live.update(&changes(&[option("zeta.md")])));
        site.assert_live_equals_full(&live, "the linked option created");

        // A broken link's suggestion follows the content files that exist.
        site.write(
            "content/_index.md",
            "+++\ntitle = \"Welcome back\"\n+++\nSee [Gamma](gamma.md#pros) and [Q](qwertz.md).\n",
        );
        let _ = live.update(&changes(&[ChangeKind::Landing]));
        site.write(
            "content/qwerty.md",
            "+++\ntitle = \"Qwerty\"\nspeed = 1\n+++\n",
        );
        let (Outcome::Failed { diagnostics }, expected) = (
            live.update(&changes(&[option("qwerty.md")])),
            pipeline::run_once(&site.project, &serve_request("/", ORIGIN)).diagnostics,
        ) else {
            panic!("a broken link fails");
        };
        assert_eq!(
            diagnostics, expected,
            "serve reports what a full build reports"
        );
        assert!(
            diagnostics
                .iter()
                .any(|d| d.help.as_deref() == Some("did you mean `qwerty.md`?")),
            "{diagnostics:#?}"
        );
        site.write(
            "content/_index.md",
            "+++\ntitle = \"Welcome back\"\n+++\nSee [Gamma](gamma.md#pros).\n",
        );
        built(live.update(&changes(&[ChangeKind::Landing])));

        // A duplicate slug stands both pages in empty, while one of them is edited; fixing
        // the other file makes both whole again.
        site.write(
            "content/gamma.md",
            "+++\ntitle = \"Gamma\"\nslug = \"g\"\nspeed = 4\npros = [\"solid\"]\n+++\n# Notes\n",
        );
        site.write(
            "content/aaa.md",
            "+++\ntitle = \"Aaa\"\nslug = \"g\"\nspeed = 1\n+++\n",
        );
        let both = changes(&[option("gamma.md"), option("aaa.md")]);
        assert!(
            matches!(live.update(&both), Outcome::Failed { .. }),
            "a duplicate slug fails"
        );
        site.write(
            "content/aaa.md",
            "+++\ntitle = \"Aaa\"\nslug = \"aaa\"\nspeed = 1\n+++\n",
        );
        built(live.update(&changes(&[option("aaa.md")])));
        site.assert_live_equals_full(&live, "a duplicate slug fixed in the other file");
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
        // The rows past the page's 1,000 are the last chunk's.
        let rows = live
            .output()
            .get("matrix/rows/10.json")
            .expect("a rows chunk");
        let rows = std::str::from_utf8(rows).expect("UTF-8");
        assert_eq!(rows.matches(r#"\"own\""#).count(), 4, "{rows}");
    }

    #[test]
    fn a_stopped_update_costs_the_next_one_only_what_it_was_rendering() {
        let site = TestSite::new();
        let (mut live, outcome) = LiveSite::new(site.project.clone(), "/".into(), ORIGIN.into());
        built(outcome);
        site.write(
            "content/beta.md",
            "+++\ntitle = \"Beta\"\nspeed = 2\n+++\nStopped midway.\n",
        );
        // A newer change asks the update to stop before it renders anything.
        let stop = live.stop();
        stop.ask();
        assert!(matches!(
            live.update(&changes(&[option("beta.md")])),
            Outcome::Stopped
        ));
        stop.reset();
        let (_, work) = built(live.update(&changes(&[option("beta.md")])));
        assert_eq!(work.option_pages, 1, "only the edited page, not every page");
        site.assert_live_equals_full(&live, "after a stopped update");
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
        let paths: Vec<&str> = changed.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            vec!["options/beta/index.html", "search/terms/73.json"],
            "listings show no body; the search index's shard of the new word `still` changed"
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
            Outcome::Built { .. } | Outcome::Stopped => panic!("a broken option must fail"),
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

//! The command line (clap) and the one place exit codes are decided: 0 success, 1 content or
//! template errors (or an output folder that cannot be written), 2 usage errors.
// The doc comments of the command line are its `--help` text, written for a terminal, not
// for rustdoc: URLs and `<slug>` stay as people type them.
#![allow(rustdoc::bare_urls, rustdoc::invalid_html_tags)]

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::commands::{self, Failure};
use crate::diag::Diagnostic;
use crate::project::Project;
use crate::report::Format;
use crate::ui::Ui;

/// Build a static site that compares options: one Markdown file per option, a page for each,
/// and a decision matrix.
#[derive(Debug, Parser)]
#[command(name = "tradeoff", version, about, propagate_version = true)]
pub struct Cli {
    /// The site's folder (holding site.toml)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output)
    Build {
        /// Where to write the site
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Publish under this URL instead of site.toml's base_url (https://user.github.io/repo/ or /repo/)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// How to print problems: for people (stderr), or as JSON or GitHub annotations (stdout)
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
    },
    /// Check content, templates, links and anchors; write nothing
    Check {
        /// Check as if published under this URL
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// How to print problems: for people (stderr), or as JSON or GitHub annotations (stdout)
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
    },
    /// Serve the site from memory, rebuild what each edit changes and reload open pages
    Serve {
        /// The port to listen on; 0 takes any free port
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Serve under this path, as GitHub Pages serves a project site (/repo/)
        #[arg(long, value_name = "PATH")]
        base_path: Option<String>,
        /// Read the files every half second instead of asking the system for changes
        #[arg(long)]
        poll: bool,
    },
    /// Start a new site: settings, a sample option and a GitHub Pages workflow
    Init {
        /// The site's folder, created if needed (default: --root, or the current folder)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// The git repository the workflow installs tradeoff from (a public https:// URL)
        #[arg(long, value_name = "GIT_URL", env = "TRADEOFF_REPO")]
        repo: Option<String>,
    },
    /// Create content/<slug>.md for a new option, with every criterion stubbed
    New {
        /// The option's name, its title (the file name is made from it)
        name: String,
    },
    /// Split one comparison document into an option file per option in content/
    Import {
        /// The Markdown document: sections per option (`## Option 1: Name`), a MADR decision record, or a table
        #[arg(value_name = "FILE.md")]
        file: PathBuf,
        /// Print what would be written, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace files that exist
        #[arg(long)]
        force: bool,
        /// The document's address (for example its GitHub page): relative links and images are
        /// made absolute against it instead of copied or made text
        #[arg(long, value_name = "URL")]
        source_url: Option<String>,
        /// Read the document's N-th table as the options (tables with the same header row count
        /// as one; the plan names the others)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        table: Option<u32>,
    },
    /// Print a shell completion script (for example: tradeoff completions bash > ~/.local/share/bash-completion/completions/tradeoff)
    Completions {
        /// The shell to complete in
        shell: Shell,
    },
}

/// `--format`: how `build` and `check` print diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Text with source excerpts, for people (stderr)
    Human,
    /// One JSON array: severity, file, line, column, end, message, label, help (stdout)
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the files (stdout)
    Github,
}

impl From<DiagnosticFormat> for Format {
    fn from(format: DiagnosticFormat) -> Self {
        match format {
            DiagnosticFormat::Human => Format::Human,
            DiagnosticFormat::Json => Format::Json,
            DiagnosticFormat::Github => Format::Github,
        }
    }
}

/// Parses the command line, runs the command, and returns its exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Build { format, .. } | Command::Check { format, .. } => (*format).into(),
        _ => Format::Human,
    };
    let ui = Ui::detect().with_format(format, cli.root.as_deref());
    let code = run_command(cli, &ui);
    ui.finish();
    code
}

fn run_command(cli: Cli, ui: &Ui) -> ExitCode {
    let needs_site = !matches!(
        cli.command,
        Command::Init { .. } | Command::Completions { .. }
    );
    if let Some(root) = cli
        .root
        .as_deref()
        .filter(|root| needs_site && !root.is_dir())
    {
        let found = if root.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        let why = format!("it {found}");
        let root = root.display().to_string();
        ui.diagnostics(&[Diagnostic::invalid_argument("--root", &root, Some(&why))
            .help("pass the folder that holds the site's site.toml and content/")]);
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Build {
            output, base_url, ..
        } => {
            let project = Project::new(cli.root, output);
            with_base_url(base_url.as_deref(), ui, |base| {
                commands::build::run(&project, base, ui)
            })
        }
        Command::Check { base_url, .. } => {
            let project = Project::new(cli.root, None);
            with_base_url(base_url.as_deref(), ui, |base| {
                commands::check::run(&project, base, ui)
            })
        }
        Command::Serve {
            port,
            bind,
            base_path,
            poll,
        } => {
            let project = Project::new(cli.root, None);
            let options = commands::serve::Options {
                bind,
                port,
                base_path,
                poll,
            };
            commands::serve::run(&project, &options, ui)
        }
        Command::Init { dir, repo } => {
            let dir = dir.or(cli.root).unwrap_or_else(|| PathBuf::from("."));
            commands::init::run(&dir, repo.as_deref(), ui)
        }
        Command::New { name } => {
            let project = Project::new(cli.root, None);
            commands::new::run(&project, &name, ui)
        }
        Command::Import {
            file,
            dry_run,
            force,
            source_url,
            table,
        } => {
            let project = Project::new(cli.root, None);
            let options = commands::import::ImportOptions {
                dry_run,
                force,
                source_url,
                table: table.map(|n| n as usize - 1),
            };
            commands::import::run(&project, &file, options, ui)
        }
        Command::Completions { shell } => commands::completions::run(shell, &mut Cli::command()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Content | Failure::Environment) => ExitCode::from(1),
        Err(Failure::Usage) => ExitCode::from(2),
    }
}

fn with_base_url(
    flag: Option<&str>,
    ui: &Ui,
    run: impl FnOnce(Option<&crate::config::BaseUrl>) -> Result<(), Failure>,
) -> Result<(), Failure> {
    match commands::parse_base_url_flag(flag) {
        Ok(base) => run(base.as_ref()),
        Err(d) => {
            ui.diagnostics(&[d]);
            Err(Failure::Usage)
        }
    }
}

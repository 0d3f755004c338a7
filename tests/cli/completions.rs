//! `tradeoff completions`: a script for each shell on stdout, naming every subcommand.

use crate::support::SiteTest;

#[test]
fn prints_a_script_for_each_shell() {
    let site = SiteTest::empty();
    for (shell, marker) in [
        ("bash", "complete -F _tradeoff"),
        ("zsh", "#compdef tradeoff"),
        ("fish", "complete -c tradeoff"),
    ] {
        let out = site.run(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{shell}: the script alone, on stdout");
        assert!(
            out.stdout.contains(marker),
            "{shell} script:\n{}",
            out.stdout
        );
        for subcommand in ["build", "check", "completions"] {
            assert!(
                out.stdout.contains(subcommand),
                "{shell} script lacks {subcommand}"
            );
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = SiteTest::empty().run(&["completions", "tcsh"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

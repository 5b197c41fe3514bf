//! The prerendered verdict in `www/index.html`: what the core computes, escaped, spliced between
//! its markers idempotently, and current in the committed page.

mod common;

use attrib::case::Case;
use attrib::index::Index;
use attrib::prerender::{escape, page_options, render, splice, verdict, END, START};
use attrib::present::{present, ACH_COLUMNS, SHOWN};
use attrib::Pack;

const FLAGSHIP: &str = "data/cases/kr-exchanges-2017.json";
/// The flagship without the MISP-only hypothesis that the fixture pack does not have.
const FLAGSHIP_FIXTURE: &str = "tests/cases/kr-exchanges-fixture.json";
const PAGE: &str = "www/index.html";

fn case(path: &str) -> Case {
    Case::from_json(&common::read(path)).unwrap()
}

/// `1,000`: commas between thousands, for counts below a million.
fn grouped(n: u32) -> String {
    assert!(n < 1_000_000);
    let s = n.to_string();
    match s.len() {
        0..=3 => s,
        k => format!("{},{}", &s[..k - 3], &s[k - 3..]),
    }
}

#[test]
fn the_block_shows_the_figures_and_sentences_the_core_computes() {
    let index = common::fixture_index();
    let case = case(FLAGSHIP_FIXTURE);
    let r = attrib::score(&case, &index, &page_options()).unwrap();
    let d = present(&r, SHOWN, ACH_COLUMNS);
    let block = render(&case, &index).unwrap();
    assert_eq!(block, verdict(&r, &d));
    let leader = if d.cluster.id == "unlisted" {
        "An actor outside the profile pack".to_string()
    } else {
        escape(&d.cluster.name)
    };
    for expected in [
        format!("<span class=\"level-name\" id=\"prerendered-cluster-name\">{leader}</span>"),
        format!(
            "<span class=\"level-figure\" id=\"prerendered-cluster-figure\">{}</span>",
            d.cluster.figure.percent
        ),
        format!(
            "<p class=\"statement\" id=\"prerendered-cluster-statement\">{}</p>",
            escape(&r.statement)
        ),
        format!(
            "<p class=\"statement\" id=\"prerendered-state-statement\">{}</p>",
            escape(&r.sponsor_statement)
        ),
        format!(
            "Confidence</a>: {}</strong> — {}.</p>",
            r.confidence,
            escape(&r.confidence_reason)
        ),
        format!(
            "({} simulated re-weighings, seed {}; profile pack {})",
            grouped(r.settings.samples),
            r.settings.seed,
            r.profile_pack.version
        ),
    ] {
        assert!(block.contains(&expected), "missing {expected}\nin\n{block}");
    }
    assert_eq!(d.top.len(), 3);
    for row in &d.top {
        let value = format!(
            "<span class=\"p\">{}</span><span class=\"iv\"><span class=\"visually-hidden\">, 90 % interval </span> {}</span>",
            row.figure.percent, row.figure.range
        );
        assert!(block.contains(&value), "missing {value}");
    }
    // The leader's interval is the one the top three show for it.
    assert!(d.top[0].lead && d.top[0].id == d.cluster.id);
    // The page's seed and samples: the case's settings.
    assert_eq!(r.settings.seed, 20171);
    assert_eq!(r.settings.samples, attrib::Params::default().samples);
    assert!(block.starts_with("<noscript>\n") && block.ends_with("</noscript>\n"));
    common::snapshot("prerender-fixture", &block);
}

#[test]
fn the_options_are_the_pages() {
    let engine = String::from_utf8(common::read("www/js/engine.js")).unwrap();
    assert!(
        engine.contains(
            "export const OPTIONS = /** @type {const} */ ({ sensitivity: true, top: 25 });"
        ),
        "www/js/engine.js changed its OPTIONS: change prerender::page_options to match"
    );
    let o = page_options();
    assert!(o.sensitivity);
    assert_eq!(o.top, 25);
    assert_eq!(
        o,
        attrib::ScoreOptions {
            sensitivity: true,
            top: 25,
            ..Default::default()
        }
    );
}

#[test]
fn escaping_makes_text_inert() {
    for (text, html) in [
        (
            "<img src=x onerror=alert(1)>",
            "&lt;img src=x onerror=alert(1)&gt;",
        ),
        (
            "\"><script>alert(2)</script>",
            "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
        ),
        ("</noscript><b>", "&lt;/noscript&gt;&lt;b&gt;"),
        ("Tom & Jerry's", "Tom &amp; Jerry&#39;s"),
        ("&amp;", "&amp;amp;"),
        ("Lazarus Group", "Lazarus Group"),
        ("Ким Чен Ын — 김정은", "Ким Чен Ын — 김정은"),
        ("", ""),
    ] {
        assert_eq!(escape(text), html, "{text}");
    }
}

#[test]
fn hostile_names_from_the_pack_are_escaped() {
    let case = case(FLAGSHIP_FIXTURE);
    let leader = attrib::score(&case, &common::fixture_index(), &page_options())
        .unwrap()
        .leader;
    assert_ne!(leader, "unlisted");
    let mut pack = Pack::fixture();
    let hostile = "<img src=x onerror=alert(1)></noscript><script>alert(2)</script>";
    pack.profiles
        .iter_mut()
        .find(|p| p.id == leader)
        .unwrap()
        .name = hostile.into();
    pack.version = "\"><img src=x onerror=alert(3)>".into();
    let block = render(&case, &Index::new(pack, None).unwrap()).unwrap();
    assert!(block.contains(
        "<span class=\"level-name\" id=\"prerendered-cluster-name\">&lt;img src=x onerror=alert(1)&gt;&lt;/noscript&gt;&lt;script&gt;alert(2)&lt;/script&gt;</span>"
    ), "{block}");
    assert!(block.contains("profile pack &quot;&gt;&lt;img src=x onerror=alert(3)&gt;)"));
    assert!(!block.contains("<img") && !block.contains("<script"));
    assert_eq!(block.matches("</noscript>").count(), 1);
}

#[test]
fn splicing_replaces_the_block_between_the_markers_and_is_idempotent() {
    let page =
        format!("<main>\n    <h2>x</h2>\n    {START}\n    <p>stale</p>\n\n    {END}\n</main>\n");
    let once = splice(&page, "<noscript>\n  <p>new</p>\n</noscript>\n").unwrap();
    assert_eq!(
        once,
        format!("<main>\n    <h2>x</h2>\n    {START}\n    <noscript>\n      <p>new</p>\n    </noscript>\n    {END}\n</main>\n")
    );
    assert_eq!(
        splice(&once, "<noscript>\n  <p>new</p>\n</noscript>\n").unwrap(),
        once
    );
    // An empty block leaves the markers on their own lines.
    assert_eq!(
        splice(&page, "").unwrap(),
        format!("<main>\n    <h2>x</h2>\n    {START}\n    {END}\n</main>\n")
    );
}

#[test]
fn splicing_says_what_is_wrong_with_the_markers() {
    for (page, message) in [
        (
            "<main></main>".to_string(),
            format!("no start marker of the prerendered verdict (expected the line {START})"),
        ),
        (
            format!("  {START}\n"),
            format!("no end marker of the prerendered verdict (expected the line {END})"),
        ),
        (
            format!("  {START}\n  {START}\n  {END}\n"),
            "the start marker of the prerendered verdict appears more than once".to_string(),
        ),
        (
            format!("  {START}\n  {END}\n  {END}\n"),
            "the end marker of the prerendered verdict appears more than once".to_string(),
        ),
        (
            format!("  {END}\n  {START}\n"),
            "the end marker of the prerendered verdict comes before its start marker".to_string(),
        ),
        (
            format!("<div>{START}\n{END}</div>\n"),
            "the start marker of the prerendered verdict must begin its line".to_string(),
        ),
    ] {
        assert_eq!(splice(&page, "x\n").unwrap_err().to_string(), message);
    }
}

/// The committed page carries the block the engine gives for the flagship today, so a change to
/// the model, the pack or the case cannot leave a stale prerender (`make www` rewrites it).
#[test]
fn the_committed_page_carries_the_current_flagship_verdict() {
    let Some(pack) = common::real_pack() else {
        return;
    };
    let page = String::from_utf8(common::read(PAGE)).unwrap();
    let block = render(&case(FLAGSHIP), &Index::new(pack, None).unwrap()).unwrap();
    let current = splice(&page, &block).unwrap();
    assert!(
        current == page,
        "www/index.html's prerendered verdict is out of date: run `make www` and commit it"
    );
    assert_eq!(page.matches(START).count(), 1);
}

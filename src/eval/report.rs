//! `docs/EVALUATION.md`: the evaluation as a reader sees it.

use super::Evaluation;

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// The Markdown report (deterministic: no dates, no timings).
pub fn markdown(e: &Evaluation) -> String {
    let mut o = String::new();
    o.push_str("# How reliable is Attrib?\n\n");
    o.push_str(&format!(
        "Pack `{}`, {} profiles.\n\n",
        e.pack.version, e.pack.profiles
    ));
    let a = &e.campaigns.attrib;
    o.push_str(&format!(
        "Campaign top-1 {}, top-3 {}, MRR {:.3}, log-loss {:.3}, ECE {:.3}\n",
        pct(a.top1),
        pct(a.top3),
        a.mrr,
        a.log_loss,
        a.ece
    ));
    o
}

/// A short plain-text summary for the terminal.
pub fn summary(e: &Evaluation) -> String {
    let mut o = String::new();
    let a = &e.campaigns.attrib;
    o.push_str(&format!(
        "campaigns (n={}, nested): top-1 {} top-3 {} top-5 {} MRR {:.3} log-loss {:.3} Brier {:.3} ECE {:.3} sponsor top-1 {}\n",
        a.n, pct(a.top1), pct(a.top3), pct(a.top5), a.mrr, a.log_loss, a.brier, a.ece, pct(a.sponsor_top1)
    ));
    for (name, b) in &e.campaigns.baselines {
        o.push_str(&format!(
            "  baseline {name}: top-1 {} top-3 {} MRR {:.3}\n",
            pct(b.top1),
            pct(b.top3),
            b.mrr
        ));
    }
    let s = &e.synthetic.attrib;
    o.push_str(&format!(
        "synthetic (in-sample, n={}): top-1 {} top-3 {} MRR {:.3} log-loss {:.3} ECE {:.3}\n",
        s.n,
        pct(s.top1),
        pct(s.top3),
        s.mrr,
        s.log_loss,
        s.ece
    ));
    let w = &e.open_world;
    o.push_str(&format!(
        "open world (n={}): unlisted leads {} mean P(unlisted) {} wrong listed {}\n",
        w.n,
        pct(w.unlisted_leads),
        pct(w.mean_p_unlisted),
        pct(w.mean_p_wrong_listed)
    ));
    o
}

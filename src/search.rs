//! Finding things in a pack by what a reader types: a ranked search by ID, name or alias (the
//! page's autocomplete and suspect search), and an exact look-up (turning a typed name into an
//! ID, naming the IDs a case mentions).
//!
//! Both work on the three catalogues a reader names things from: threat-actor profiles, ATT&CK
//! techniques and software. They answer with positions in the pack's lists, so each face shows
//! whatever fields it needs.

use crate::error::{Error, Result};
use crate::index::Index;

/// Most search hits returned when the caller gives no limit.
pub const DEFAULT_LIMIT: usize = 20;
/// Most search hits returned at all.
pub const MAX_LIMIT: usize = 200;

/// The number of hits to return for a caller's `limit`.
///
/// ```
/// assert_eq!(attrib::search::limit(None), 20);
/// assert_eq!(attrib::search::limit(Some(5_000)), 200);
/// ```
pub fn limit(asked: Option<u32>) -> usize {
    asked.map_or(DEFAULT_LIMIT, |l| (l as usize).min(MAX_LIMIT))
}

/// A list of the pack that a reader can search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalogue {
    /// Threat-actor profiles (`Pack::profiles`), by ID, name or alias.
    Profile,
    /// ATT&CK techniques (`Pack::techniques`), by ID or name.
    Technique,
    /// Software (`Pack::software`), by ID, name or alias.
    Software,
}

impl Catalogue {
    /// The catalogue called `name` (`profile`, `technique` or `software`).
    ///
    /// ```
    /// use attrib::search::Catalogue;
    /// assert_eq!(Catalogue::from_name("technique"), Some(Catalogue::Technique));
    /// assert_eq!(Catalogue::from_name("malware"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Catalogue> {
        match name {
            "profile" => Some(Catalogue::Profile),
            "technique" => Some(Catalogue::Technique),
            "software" => Some(Catalogue::Software),
            _ => None,
        }
    }

    /// [`Catalogue::from_name`], or an error naming the three.
    ///
    /// ```
    /// use attrib::search::Catalogue;
    /// assert_eq!(Catalogue::parse("software").unwrap(), Catalogue::Software);
    /// assert_eq!(
    ///     Catalogue::parse("group").unwrap_err().message(),
    ///     "expected profile, technique or software, found \"group\""
    /// );
    /// ```
    pub fn parse(what: &str) -> Result<Catalogue> {
        Catalogue::from_name(what).ok_or_else(|| {
            Error::input(format!(
                "expected profile, technique or software, found {what:?}"
            ))
        })
    }
}

/// One entry as search sees it: ID, name and aliases.
type Entry<'a> = (&'a str, &'a str, &'a [crate::Name]);

/// How well `query` (lower-case, trimmed, not empty) matches an entry; lower is better, `None`
/// is no match. Tiers: exact ID, exact name or alias, name or ID prefix, alias prefix, word
/// prefix, substring.
fn match_rank(query: &str, (id, name, aliases): Entry) -> Option<u8> {
    let id = id.to_lowercase();
    let name = name.to_lowercase();
    let aliases: Vec<String> = aliases.iter().map(|a| a.to_lowercase()).collect();
    let word_prefix = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && w.starts_with(query))
    };
    if id == query {
        Some(0)
    } else if name == query || aliases.iter().any(|a| a == query) {
        Some(1)
    } else if name.starts_with(query) || id.starts_with(query) {
        Some(2)
    } else if aliases.iter().any(|a| a.starts_with(query)) {
        Some(3)
    } else if word_prefix(&name) || aliases.iter().any(|a| word_prefix(a)) {
        Some(4)
    } else if name.contains(query)
        || id.contains(query)
        || aliases.iter().any(|a| a.contains(query))
    {
        Some(5)
    } else {
        None
    }
}

impl Index {
    /// The entries of a catalogue, in pack order.
    fn entries(&self, what: Catalogue) -> Box<dyn Iterator<Item = Entry<'_>> + '_> {
        let pack = self.pack();
        match what {
            Catalogue::Profile => Box::new(
                pack.profiles
                    .iter()
                    .map(|p| (p.id.as_str(), p.name.as_str(), p.aliases.as_slice())),
            ),
            Catalogue::Technique => Box::new(
                pack.techniques
                    .iter()
                    .map(|t| (t.id.as_str(), t.name.as_str(), &[][..])),
            ),
            Catalogue::Software => Box::new(
                pack.software
                    .iter()
                    .map(|s| (s.id.as_str(), s.name.as_str(), s.aliases.as_slice())),
            ),
        }
    }

    /// Positions (in the catalogue's pack list) of the entries matching `query`, best first: an
    /// exact ID, then an exact name or alias, then prefixes of the name or ID, of an alias, of a
    /// word, then any substring; ties go to the shorter name, then the ID. At most `limit`; an
    /// empty query matches nothing. Case does not matter.
    ///
    /// ```
    /// use attrib::{index::Index, search::Catalogue, Pack};
    /// let index = Index::new(Pack::fixture(), None).unwrap();
    /// let found = index.search(Catalogue::Profile, "lazarus", 5);
    /// assert_eq!(index.pack().profiles[found[0]].id, "G0032");
    /// assert!(index.search(Catalogue::Technique, "  ", 5).is_empty());
    /// ```
    pub fn search(&self, what: Catalogue, query: &str, limit: usize) -> Vec<usize> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, usize, &str, usize)> = self
            .entries(what)
            .enumerate()
            .filter_map(|(pos, e)| match_rank(&q, e).map(|r| (r, e.1.chars().count(), e.0, pos)))
            .collect();
        crate::util::sort(&mut hits);
        hits.into_iter().take(limit).map(|h| h.3).collect()
    }

    /// The one entry whose ID, name or alias is exactly `text` (case and surrounding spaces
    /// aside), if any. An ID wins over a name, a name over an alias, and the first in pack
    /// order among equals. A sub-technique's own name (after "Parent: ") counts when no other
    /// technique has it. A revoked ATT&CK ID finds the entry that replaced it.
    ///
    /// ```
    /// use attrib::{index::Index, search::Catalogue, Pack};
    /// let index = Index::new(Pack::fixture(), None).unwrap();
    /// let at = |c, t| index.lookup(c, t);
    /// assert_eq!(at(Catalogue::Profile, "g0032"), index.position("G0032"));
    /// // An alias names its profile; a near miss names nothing.
    /// assert_eq!(at(Catalogue::Profile, "TEMP.Hermit"), index.position("G0032"));
    /// assert_eq!(at(Catalogue::Profile, "Lazaru"), None);
    /// ```
    pub fn lookup(&self, what: Catalogue, text: &str) -> Option<usize> {
        let q = text.trim().to_lowercase();
        if q.is_empty() {
            return None;
        }
        let mut best: Option<(u8, usize)> = None;
        for (pos, (id, name, aliases)) in self.entries(what).enumerate() {
            let tier = if id.to_lowercase() == q {
                0
            } else if name.to_lowercase() == q {
                1
            } else if aliases.iter().any(|a| a.to_lowercase() == q) {
                2
            } else {
                continue;
            };
            if best.is_none_or(|(t, _)| tier < t) {
                best = Some((tier, pos));
            }
        }
        if let Some((_, pos)) = best {
            return Some(pos);
        }
        // A sub-technique is often called by its own name alone ("Spearphishing Attachment" for
        // "Phishing: Spearphishing Attachment"): accepted when only one technique has it.
        if what == Catalogue::Technique {
            let mut short = self
                .pack()
                .techniques
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    t.name
                        .split_once(": ")
                        .is_some_and(|(_, own)| own.to_lowercase() == q)
                })
                .map(|(pos, _)| pos);
            if let (Some(pos), None) = (short.next(), short.next()) {
                return Some(pos);
            }
        }
        // A revoked ID (`T1086`, `S0050`, `G0040`) is known by its replacement.
        let pack = self.pack();
        let revoked = pack
            .replaced
            .iter()
            .find(|(old, _)| old.to_lowercase() == q)
            .map(|(_, new)| new.as_str())?;
        match what {
            Catalogue::Profile => self.position(revoked),
            Catalogue::Technique => pack.techniques.iter().position(|t| t.id == revoked),
            Catalogue::Software => pack.software.iter().position(|s| s.id == revoked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pack;

    fn index() -> Index {
        Index::new(Pack::fixture(), None).unwrap()
    }

    fn ids(what: Catalogue, q: &str) -> Vec<String> {
        let index = index();
        let pack = index.pack();
        index
            .search(what, q, 20)
            .into_iter()
            .map(|i| match what {
                Catalogue::Profile => pack.profiles[i].id.clone(),
                Catalogue::Technique => pack.techniques[i].id.clone(),
                Catalogue::Software => pack.software[i].id.clone(),
            })
            .map(String::from)
            .collect()
    }

    #[test]
    fn search_ranks_id_then_name_then_alias() {
        assert_eq!(ids(Catalogue::Profile, "G0032")[0], "G0032");
        assert_eq!(ids(Catalogue::Profile, "g0032")[0], "G0032");
        assert_eq!(ids(Catalogue::Profile, "lazarus")[0], "G0032");
        assert_eq!(ids(Catalogue::Profile, "temp.hermit"), vec!["G0032"]);
        assert_eq!(ids(Catalogue::Profile, "beagle"), vec!["G0082"]);
        assert!(ids(Catalogue::Profile, "").is_empty());
        assert!(ids(Catalogue::Profile, "zzzz-no-such").is_empty());
    }

    #[test]
    fn search_respects_limit() {
        assert_eq!(index().search(Catalogue::Profile, "g", 3).len(), 3);
    }

    #[test]
    fn lookup_is_exact_and_prefers_ids_then_names() {
        let index = index();
        let pack = index.pack();
        let tech = |q: &str| {
            index
                .lookup(Catalogue::Technique, q)
                .map(|i| pack.techniques[i].id.as_str())
        };
        assert_eq!(tech(" spearphishing attachment "), Some("T1566.001"));
        assert_eq!(
            tech("Phishing: Spearphishing Attachment"),
            Some("T1566.001")
        );
        assert_eq!(tech("drive-by compromise"), Some("T1189"));
        assert_eq!(tech("T1574.002"), Some("T1574.001"));
        assert_eq!(tech("Spearphishing"), None);
        let s = index
            .lookup(Catalogue::Software, "MIMIKATZ")
            .map(|i| pack.software[i].id.as_str());
        assert_eq!(s, Some("S0002"));
        assert_eq!(index.lookup(Catalogue::Software, ""), None);
    }

    #[test]
    fn catalogue_names_round_trip() {
        for c in [
            Catalogue::Profile,
            Catalogue::Technique,
            Catalogue::Software,
        ] {
            let name = match c {
                Catalogue::Profile => "profile",
                Catalogue::Technique => "technique",
                Catalogue::Software => "software",
            };
            assert_eq!(Catalogue::from_name(name), Some(c));
        }
    }
}

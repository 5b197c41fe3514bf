//! Sponsor inheritance, in one place: a profile without a suspected sponsor of its own takes the
//! first one up its chain of parents. The packer derives working languages from it and the index
//! rolls hypotheses up by it.

use crate::name::Name;
use crate::pack::Pack;

impl Pack {
    /// The sponsor of a profile, inherited from its parents when it has none.
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// assert_eq!(pack.effective_sponsor("G0082").as_deref(), Some("KP"));
    /// ```
    pub fn effective_sponsor(&self, id: &str) -> Option<Name> {
        let at = self.positions();
        let mut cur = at.get(id).copied();
        for _ in 0..=self.profiles.len() {
            let p = &self.profiles[cur?];
            if let Some(s) = &p.sponsor {
                return Some(s.clone());
            }
            cur = at.get(p.parent.as_deref()?).copied();
        }
        None
    }

    /// [`Pack::effective_sponsor`] of every profile, in pack order, computed in one pass: each profile's
    /// chain of parents is walked once however long the chains are (a cycle gives `None`).
    ///
    /// ```
    /// let pack = attrib::Pack::fixture();
    /// let all = pack.effective_sponsors();
    /// for (p, s) in pack.profiles.iter().zip(&all) {
    ///     assert_eq!(*s, pack.effective_sponsor(&p.id));
    /// }
    /// ```
    pub fn effective_sponsors(&self) -> Vec<Option<Name>> {
        let at = self.positions();
        let n = self.profiles.len();
        // None: not yet known; Some(None): no sponsor up the chain; Some(Some(i)): profile i's.
        let mut known: Vec<Option<Option<usize>>> = vec![None; n];
        let mut on_path = vec![false; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut cur = Some(start);
            let found = loop {
                let Some(c) = cur else { break None };
                if let Some(k) = known[c] {
                    break k;
                }
                if on_path[c] {
                    break None; // a cycle without a sponsor on it
                }
                if self.profiles[c].sponsor.is_some() {
                    break Some(c);
                }
                on_path[c] = true;
                path.push(c);
                cur = self.profiles[c]
                    .parent
                    .as_deref()
                    .and_then(|id| at.get(id).copied());
            };
            if let Some(c) = cur {
                known[c] = Some(found);
            }
            for c in path.drain(..) {
                on_path[c] = false;
                known[c] = Some(found);
            }
        }
        known
            .into_iter()
            .map(|k| k.flatten().and_then(|i| self.profiles[i].sponsor.clone()))
            .collect()
    }
}

//! [`Name`]: the pack's shared, immutable string.
//!
//! A pack names the same few thousand things (technique IDs, software IDs, countries, sectors)
//! tens of thousands of times. The binary pack stores each distinct string once
//! ([`crate::binpack`]); decoding it into a [`Name`] per distinct string, and handing out clones
//! that share it, reads the pack with no allocation per field: a clone is a reference count, not
//! a copy. The index then interns the same `Name`s.
//!
//! A `Name` reads as a `&str` everywhere (it dereferences to `str`, and compares, orders and
//! hashes as its text does, so a map keyed by `Name` is looked up with a `&str`). It serialises
//! as a plain string, so a pack's JSON is the same as with `String` fields.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A shared, immutable string: cloning it shares the text instead of copying it.
///
/// ```
/// use attrib::Name;
/// let a = Name::from("T1566.001");
/// let b = a.clone();
/// assert_eq!(b, "T1566.001");
/// assert_eq!(b.as_str().len(), 9);
/// assert!(Name::same(&a, &b));
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The text.
    ///
    /// ```
    /// assert_eq!(attrib::Name::from("KP").as_str(), "KP");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `a` and `b` share one text (not only equal ones): clones of one `Name` do.
    ///
    /// ```
    /// use attrib::Name;
    /// let a = Name::from("G0032");
    /// assert!(Name::same(&a, &a.clone()));
    /// assert!(!Name::same(&a, &Name::from("G0032")));
    /// ```
    pub fn same(a: &Name, b: &Name) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

/// Each of `items` as a [`Name`].
///
/// ```
/// let v = attrib::name::names(["a", "b"]);
/// assert_eq!(v, ["a", "b"]);
/// ```
pub fn names<S: Into<Name>>(items: impl IntoIterator<Item = S>) -> Vec<Name> {
    items.into_iter().map(Into::into).collect()
}

impl Default for Name {
    fn default() -> Name {
        Name::from("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    /// As `str` does: width, fill and alignment apply (`{:<8}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(Arc::from(s))
    }
}

impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name(Arc::from(s.as_str()))
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name(Arc::from(s))
    }
}

impl From<&Name> for Name {
    fn from(s: &Name) -> Name {
        s.clone()
    }
}

impl From<Name> for String {
    fn from(s: Name) -> String {
        s.as_str().to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == &*other.0
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
        String::deserialize(d).map(Name::from)
    }
}

/// Values by [`Name`], kept as one vector sorted by name: what the pack's maps are (revoked IDs,
/// country names, campaign features, profile positions).
///
/// It looks up, iterates and serialises as a `BTreeMap<Name, V>` does (in name order, as a map),
/// for a fraction of the code: the page's WebAssembly carries one small instance per value type
/// instead of a B-tree's. The pack's maps are read whole and then only looked up; `insert` costs
/// a shift of the entries after it, which the command line's pack builder, the only writer, can
/// afford.
///
/// ```
/// use attrib::name::Table;
/// let mut t = Table::new();
/// t.insert("T1162".into(), 1);
/// t.insert("S0209".into(), 2);
/// assert_eq!(t.insert("S0209".into(), 3), Some(2));
/// assert_eq!(t.get("S0209"), Some(&3));
/// assert_eq!(t.keys().map(|k| k.as_str()).collect::<Vec<_>>(), ["S0209", "T1162"]);
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"S0209":3,"T1162":1}"#);
/// ```
#[derive(Clone, PartialEq)]
pub struct Table<V> {
    entries: Vec<(Name, V)>,
}

impl<V> Default for Table<V> {
    fn default() -> Table<V> {
        Table {
            entries: Vec::new(),
        }
    }
}

impl<V> Table<V> {
    /// An empty table.
    ///
    /// ```
    /// assert!(attrib::name::Table::<u8>::new().is_empty());
    /// ```
    pub fn new() -> Table<V> {
        Table::default()
    }

    fn find(&self, key: &str) -> std::result::Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value under `key`.
    ///
    /// ```
    /// let t: attrib::name::Table<u8> = [("KP".into(), 1)].into_iter().collect();
    /// assert_eq!((t.get("KP"), t.get("kp")), (Some(&1), None));
    /// ```
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// Whether `key` has a value.
    ///
    /// ```
    /// let t: attrib::name::Table<u8> = [("KP".into(), 1)].into_iter().collect();
    /// assert!(t.contains_key("KP") && !t.contains_key("KR"));
    /// ```
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Set `key`'s value, returning the one it replaces (the key itself is kept, as a `BTreeMap`
    /// keeps it).
    ///
    /// ```
    /// let mut t = attrib::name::Table::new();
    /// assert_eq!(t.insert("KP".into(), 1), None);
    /// assert_eq!(t.insert("KP".into(), 2), Some(1));
    /// ```
    pub fn insert(&mut self, key: Name, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Take `key`'s value out.
    ///
    /// ```
    /// let mut t: attrib::name::Table<u8> = [("KP".into(), 1)].into_iter().collect();
    /// assert_eq!((t.remove("KP"), t.len()), (Some(1), 0));
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The last name, if any.
    pub(crate) fn last_key(&self) -> Option<&Name> {
        self.entries.last().map(|(k, _)| k)
    }

    /// Add an entry after all the others: for a reader filling a table from entries stored in
    /// order, which checks beforehand that `key` comes after [`Table::last_key`].
    pub(crate) fn push_last(&mut self, key: Name, value: V) {
        debug_assert!(self.last_key().is_none_or(|k| *k < key));
        self.entries.push((key, value));
    }

    /// How many entries.
    ///
    /// ```
    /// assert_eq!(attrib::name::Table::<u8>::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(attrib::name::Table::<u8>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in name order.
    ///
    /// ```
    /// let t: attrib::name::Table<u8> = [("b".into(), 2), ("a".into(), 1)].into_iter().collect();
    /// assert_eq!(t.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("a", 1), ("b", 2)]);
    /// ```
    pub fn iter(&self) -> Iter<'_, V> {
        Iter(self.entries.iter())
    }

    /// The names in order.
    ///
    /// ```
    /// let t: attrib::name::Table<u8> = [("b".into(), 2), ("a".into(), 1)].into_iter().collect();
    /// assert_eq!(t.keys().collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &Name> + '_ {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in their names' order.
    ///
    /// ```
    /// let t: attrib::name::Table<u8> = [("b".into(), 2), ("a".into(), 1)].into_iter().collect();
    /// assert_eq!(t.values().collect::<Vec<_>>(), [&1, &2]);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    /// A table of `entries` in any order, the last value of a name repeated winning (as
    /// collecting into a `BTreeMap` does).
    fn from_entries(mut entries: Vec<(Name, V)>) -> Table<V> {
        if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
            crate::util::sort_by(&mut entries, &|a, b| a.0.cmp(&b.0));
            let mut kept: Vec<(Name, V)> = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                match kept.last_mut() {
                    Some(last) if last.0 == k => last.1 = v,
                    _ => kept.push((k, v)),
                }
            }
            entries = kept;
        }
        Table { entries }
    }
}

/// The entries of a [`Table`] in name order: `(&Name, &V)`, as a map's iterator gives them.
#[derive(Clone)]
pub struct Iter<'a, V>(std::slice::Iter<'a, (Name, V)>);

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a Name, &'a V);
    fn next(&mut self) -> Option<(&'a Name, &'a V)> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
    fn nth(&mut self, n: usize) -> Option<(&'a Name, &'a V)> {
        self.0.nth(n).map(|(k, v)| (k, v))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

impl<'a, V> IntoIterator for &'a Table<V> {
    type Item = (&'a Name, &'a V);
    type IntoIter = Iter<'a, V>;
    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> FromIterator<(Name, V)> for Table<V> {
    fn from_iter<I: IntoIterator<Item = (Name, V)>>(items: I) -> Table<V> {
        Table::from_entries(items.into_iter().collect())
    }
}

impl<V> std::ops::Index<&str> for Table<V> {
    type Output = V;
    /// The value under `key`, as a map's indexing gives it; for tests and examples: the library
    /// looks up with [`Table::get`].
    fn index(&self, key: &str) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry named {key:?}"),
        }
    }
}

impl<V: fmt::Debug> fmt::Debug for Table<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for Table<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Table<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Table<V>, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = Table<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Table<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(e) = a.next_entry::<Name, V>()? {
                    entries.push(e);
                }
                Ok(Table::from_entries(entries))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    #[test]
    fn looks_up_and_orders_as_its_text() {
        let mut m = BTreeMap::new();
        m.insert(Name::from("b"), 2);
        m.insert(Name::from("a"), 1);
        assert_eq!(m.get("a"), Some(&1));
        assert_eq!(m.keys().map(Name::as_str).collect::<Vec<_>>(), ["a", "b"]);
        let h: HashMap<Name, u8> = [(Name::from("x"), 9)].into_iter().collect();
        assert_eq!(h.get("x"), Some(&9));
    }

    #[test]
    fn a_table_behaves_as_a_btreemap() {
        // Random inserts, removes, collects and JSON round trips, against the standard map.
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for _ in 0..200 {
            let mut t: Table<u64> = Table::new();
            let mut m: BTreeMap<Name, u64> = BTreeMap::new();
            for _ in 0..next(40) {
                let k = Name::from(format!("k{}", next(25)));
                let v = next(1000);
                match next(3) {
                    0 => assert_eq!(t.remove(&k), m.remove(&k)),
                    _ => assert_eq!(t.insert(k.clone(), v), m.insert(k, v)),
                }
            }
            assert!(t.iter().eq(m.iter()));
            assert_eq!(t.len(), m.len());
            assert_eq!(t.get("k3"), m.get("k3"));
            assert_eq!(t.contains_key("k4"), m.contains_key("k4"));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, serde_json::to_string(&m).unwrap());
            // Unsorted input with repeated keys: the last value of each key wins, as in a map.
            let items: Vec<(Name, u64)> = (0..next(30))
                .map(|_| (Name::from(format!("k{}", next(12))), next(9)))
                .collect();
            let t: Table<u64> = items.iter().cloned().collect();
            let m: BTreeMap<Name, u64> = items.iter().cloned().collect();
            assert!(t.iter().eq(m.iter()));
            let text = format!(
                "{{{}}}",
                items
                    .iter()
                    .map(|(k, v)| format!("{:?}:{v}", k.as_str()))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let t: Table<u64> = serde_json::from_str(&text).unwrap();
            let m: BTreeMap<Name, u64> = serde_json::from_str(&text).unwrap();
            assert!(t.iter().eq(m.iter()), "{text}");
            assert_eq!(format!("{t:?}"), format!("{m:?}"));
        }
        let wrong = serde_json::from_str::<Table<u8>>("[1]")
            .unwrap_err()
            .to_string();
        let reference = serde_json::from_str::<BTreeMap<Name, u8>>("[1]")
            .unwrap_err()
            .to_string();
        assert_eq!(wrong, reference);
    }

    #[test]
    fn serialises_as_a_string() {
        let json = serde_json::to_string(&vec![Name::from("T1566"), Name::from("é\"")]).unwrap();
        assert_eq!(json, r#"["T1566","é\""]"#);
        let back: Vec<Name> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["T1566", "é\""]);
        assert_eq!(
            format!("{:?} {}", Name::from("a\"b"), Name::from("c")),
            r#""a\"b" c"#
        );
        // Padding applies as to a `str`.
        assert_eq!(
            format!("[{:<4}|{:>3}]", Name::from("KP"), Name::from("x")),
            "[KP  |  x]"
        );
    }
}
